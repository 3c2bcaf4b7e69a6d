package com.creditledger.jobs.remote;

import com.creditledger.jobs.system.BillingProperties;
import jakarta.jms.ConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.integration.partition.BeanFactoryStepLocator;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.batch.integration.partition.StepExecutionRequestHandler;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.jms.dsl.Jms;

/**
 * A rating worker ({@code billing worker}): takes partition requests from the broker, one at a
 * time per consumer, and runs the named partition step ({@code rateWorkspacePartition}, the very
 * step local mode runs in threads) against the shared database and JobRepository.
 *
 * <p>A request is acknowledged when it is taken, before the partition runs: it is delivered at
 * most once, so a worker that dies mid-partition never has its partition run a second time
 * behind the manager's back. The manager sees the dead worker's partition fail (its lease is
 * gone) and the run ends FAILED; running the same command again reruns that partition only.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "billing.worker.enabled", havingValue = "true")
@EnableIntegration
public class WorkerConfiguration {

    private static final Logger log = LoggerFactory.getLogger(WorkerConfiguration.class);

    @Bean
    ConnectionFactory workerConnectionFactory(BillingProperties properties) {
        return RemotePartitioning.connectionFactory(properties.broker().url());
    }

    @Bean
    StepExecutionRequestHandler stepExecutionRequestHandler(JobRepository jobRepository, BeanFactory beanFactory) {
        BeanFactoryStepLocator steps = new BeanFactoryStepLocator();
        steps.setBeanFactory(beanFactory);
        StepExecutionRequestHandler handler = new StepExecutionRequestHandler();
        handler.setJobRepository(jobRepository);
        handler.setStepLocator(steps);
        return handler;
    }

    @Bean
    IntegrationFlow partitionRequestsFromBroker(
            ConnectionFactory workerConnectionFactory,
            StepExecutionRequestHandler stepExecutionRequestHandler,
            BillingProperties properties) {
        int concurrency = properties.worker().concurrency();
        return IntegrationFlow.from(Jms.messageDrivenChannelAdapter(workerConnectionFactory)
                        .destination(RemotePartitioning.QUEUE)
                        .configureListenerContainer(container -> container
                                .sessionTransacted(false)
                                .concurrentConsumers(concurrency)
                                .maxConcurrentConsumers(concurrency)
                                .recoveryInterval(1000L)))
                .handle(StepExecutionRequest.class, (request, headers) -> {
                    log.info(
                            "rating partition {} (step execution {})",
                            request.getStepName(),
                            request.getStepExecutionId());
                    return stepExecutionRequestHandler.handle(request);
                })
                .nullChannel();
    }
}
