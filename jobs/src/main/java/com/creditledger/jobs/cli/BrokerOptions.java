package com.creditledger.jobs.cli;

import picocli.CommandLine.Option;

/** Where the broker of remote rating is ({@code rate --remote}, {@code worker}). */
final class BrokerOptions {

    @Option(
            names = "--broker-url",
            paramLabel = "URL",
            defaultValue = "${env:BILLING_BROKER_URL}",
            description = "the Artemis broker, e.g. tcp://broker:61616 (env BILLING_BROKER_URL;"
                    + " default billing.broker.url, tcp://localhost:61616)")
    String url;

    @Option(
            names = "--embedded-broker",
            description = "start an embedded, non-persistent broker listening on the broker URL in this process"
                    + " (one-machine trials and tests; production runs a real broker)")
    boolean embedded;

    void apply(BillingCommand root) {
        if (url != null) {
            root.setting("billing.broker.url", url);
        }
        if (embedded) {
            root.setting("billing.broker.embedded", true);
        }
    }
}
