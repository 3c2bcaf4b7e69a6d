package com.creditledger.jobs.system;

import java.time.Clock;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskExecutor;

/**
 * Shared beans: the clock (tests replace it), the executor rating partitions run on, the values of
 * the migrations' placeholders and how Flyway migrates.
 */
@Configuration(proxyBeanMethods = false)
public class SystemConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    TaskExecutor partitionTaskExecutor(BillingProperties properties) {
        SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("rate-");
        executor.setConcurrencyLimit(properties.rating().effectivePartitions());
        return executor;
    }

    /** The closed sets the schema's CHECK constraints allow, from the Java types that own them. */
    @Bean
    FlywayConfigurationCustomizer schemaPlaceholders() {
        return configuration -> configuration.placeholders(SchemaPlaceholders.values());
    }

    /** A database made by the migrations squashed into V1__baseline.sql is refused in one line. */
    @Bean
    FlywayMigrationStrategy migrationStrategy() {
        return UnreleasedSchemaException::migrate;
    }
}
