package com.creditledger.jobs;

import com.creditledger.jobs.cli.BillingCli;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The billing application. {@link #main} is the command line: it reads the global options, starts
 * the database (embedded or external) and a Spring context only when a command needs them.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class BillingApplication {

    public static void main(String[] args) {
        System.exit(BillingCli.main(args));
    }
}
