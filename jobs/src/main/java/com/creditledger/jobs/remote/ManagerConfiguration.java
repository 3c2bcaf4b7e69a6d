package com.creditledger.jobs.remote;

import com.creditledger.jobs.system.BillingProperties;
import jakarta.jms.ConnectionFactory;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.jms.dsl.Jms;
import org.springframework.jms.connection.CachingConnectionFactory;
import org.springframework.messaging.MessageChannel;

/**
 * The manager side of remote rating ({@code billing.rating.mode=remote}): the partition requests
 * the rate job's {@code rateWorkspaces} step sends go to the broker's queue.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "billing.rating.mode", havingValue = "remote")
@EnableIntegration
public class ManagerConfiguration {

    /** What the rate job needs to hand its partitions to workers. */
    public record RemoteRating(MessageChannel requests, long timeoutMillis) {}

    @Bean(destroyMethod = "stop")
    EmbeddedBrokerHolder embeddedBroker(BillingProperties properties) {
        return new EmbeddedBrokerHolder(
                properties.broker().embedded()
                        ? RemotePartitioning.embeddedBroker(properties.broker().url())
                        : null);
    }

    /** {@code broker} orders the lifecycle: an embedded broker starts before and stops after this. */
    @Bean
    CachingConnectionFactory managerConnectionFactory(BillingProperties properties, EmbeddedBrokerHolder broker) {
        ConnectionFactory factory =
                RemotePartitioning.connectionFactory(properties.broker().url());
        return new CachingConnectionFactory(factory);
    }

    @Bean
    DirectChannel partitionRequests() {
        return new DirectChannel();
    }

    @Bean
    IntegrationFlow partitionRequestsToBroker(
            CachingConnectionFactory managerConnectionFactory, DirectChannel partitionRequests) {
        return IntegrationFlow.from(partitionRequests)
                .handle(Jms.outboundAdapter(managerConnectionFactory).destination(RemotePartitioning.QUEUE))
                .get();
    }

    @Bean
    RemoteRating remoteRating(DirectChannel partitionRequests, BillingProperties properties) {
        return new RemoteRating(
                partitionRequests, properties.rating().remoteTimeout().toMillis());
    }

    /** The embedded broker, if this manager runs one; stopped after the connections close. */
    record EmbeddedBrokerHolder(EmbeddedActiveMQ broker) {
        void stop() throws Exception {
            if (broker != null) {
                broker.stop();
            }
        }
    }
}
