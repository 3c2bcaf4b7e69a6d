package com.creditledger.jobs.cli;

import com.creditledger.jobs.BillingApplication;
import com.creditledger.jobs.system.EmbeddedDatabase;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The database and Spring context one {@code billing} process works in, started on first use
 * and shared by every command of a script.
 */
final class BillingRuntime implements AutoCloseable {

    private final String dbUrl;
    private final Path dbDir;
    private final Map<String, Object> properties;
    private EmbeddedDatabase embedded;
    private ConfigurableApplicationContext context;

    BillingRuntime(String dbUrl, Path dbDir, Map<String, Object> properties) {
        this.dbUrl = dbUrl;
        this.dbDir = dbDir;
        this.properties = properties;
    }

    <T> T bean(Class<T> type) {
        return context().getBean(type);
    }

    ConfigurableApplicationContext context() {
        if (context == null) {
            String url = dbUrl;
            if (url == null) {
                embedded = EmbeddedDatabase.start(dbDir);
                url = embedded.jdbcUrl();
            }
            Map<String, Object> settings = new HashMap<>(properties);
            settings.put("spring.datasource.url", url);
            if (embedded != null) {
                settings.put("spring.datasource.username", "postgres");
            }
            context = new SpringApplicationBuilder(BillingApplication.class)
                    .web(WebApplicationType.NONE)
                    .properties(settings)
                    .logStartupInfo(false)
                    .run();
        }
        return context;
    }

    /** Where the database is, for people (never the password). */
    String describeDatabase() {
        return dbUrl != null ? dbUrl.replaceAll("password=[^&]*", "password=***") : "embedded PostgreSQL in " + dbDir;
    }

    @Override
    public void close() {
        try {
            if (context != null) {
                context.close();
            }
        } finally {
            context = null;
            if (embedded != null) {
                embedded.close();
                embedded = null;
            }
        }
    }
}
