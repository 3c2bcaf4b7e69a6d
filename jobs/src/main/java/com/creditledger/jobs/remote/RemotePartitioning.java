package com.creditledger.jobs.remote;

import jakarta.jms.ConnectionFactory;
import org.apache.activemq.artemis.api.core.TransportConfiguration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * The broker side of remote rating: one queue of partition requests (Spring Batch Integration's
 * {@code StepExecutionRequest}s) between the manager ({@code billing rate --remote}) and the
 * workers ({@code billing worker}). Results do not travel back through the broker: workers
 * record them in the shared JobRepository, which the manager polls.
 */
public final class RemotePartitioning {

    /** The queue of partition requests. */
    public static final String QUEUE = "billing.rating.partitions";

    private RemotePartitioning() {}

    /**
     * A connection factory for the broker at {@code url}. Consumers take no messages ahead
     * (consumer window 0): a worker gets its next partition when it is free, not when it was sent.
     */
    static ConnectionFactory connectionFactory(String url) {
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(url);
        factory.setConsumerWindowSize(0);
        return factory;
    }

    /**
     * An embedded, non-persistent broker accepting connections on {@code url}, for trials on one
     * machine and tests. It lives as long as the manager: requests not taken when it stops are
     * gone, and the partitions they named stay unstarted until the run is restarted.
     */
    static EmbeddedActiveMQ embeddedBroker(String url) {
        try {
            ConfigurationImpl configuration = new ConfigurationImpl();
            configuration.setPersistenceEnabled(false);
            configuration.setSecurityEnabled(false);
            configuration.setJMXManagementEnabled(false);
            configuration.addAcceptorConfiguration("tcp", url);
            configuration.addAcceptorConfiguration(new TransportConfiguration(
                    "org.apache.activemq.artemis.core.remoting.impl.invm.InVMAcceptorFactory"));
            EmbeddedActiveMQ broker = new EmbeddedActiveMQ();
            broker.setConfiguration(configuration);
            broker.start();
            return broker;
        } catch (Exception e) {
            throw new IllegalStateException("could not start the embedded broker on " + url + ": " + e.getMessage(), e);
        }
    }
}
