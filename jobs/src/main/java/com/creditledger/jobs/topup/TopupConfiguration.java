package com.creditledger.jobs.topup;

import com.creditledger.jobs.system.BillingProperties;
import com.creditledger.rating.payment.PaymentGateway;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Stripe when {@code billing.stripe.api-key} is set, the simulated gateway otherwise; both journaled. */
@Configuration(proxyBeanMethods = false)
public class TopupConfiguration {

    private static final Logger log = LoggerFactory.getLogger(TopupConfiguration.class);

    @Bean
    PaymentProcessor paymentProcessor(BillingProperties properties) {
        BillingProperties.Stripe stripe = properties.stripe();
        if (stripe.enabled()) {
            log.debug("auto top-ups charge through Stripe at {}", stripe.apiBase());
            return new StripePaymentProcessor(stripe);
        }
        return new SimulatedPaymentProcessor();
    }

    @Bean
    PaymentGateway paymentGateway(PaymentProcessor processor, PaymentJournal journal, Clock clock) {
        return new JournaledPaymentGateway(processor, journal, clock);
    }
}
