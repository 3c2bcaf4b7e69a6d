package com.creditledger.jobs.topup;

import com.creditledger.jobs.system.BillingException;
import com.creditledger.jobs.system.BillingProperties;
import com.creditledger.rating.payment.ChargeRequest;
import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.ApiException;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.CardException;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import com.stripe.net.RequestOptions;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.PaymentIntentListParams;
import com.stripe.param.PaymentIntentSearchParams;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Charges through Stripe (R7): one off-session PaymentIntent, created and confirmed in one call,
 * with the deterministic idempotency key of R6 set explicitly on the request (stripe-java would
 * otherwise invent a random key per call, which a rerun could not reuse). Network errors, 429
 * and 5xx are retried here with exponential backoff, always with the same key; stripe-java's own
 * retries are off so that every attempt is visible.
 */
public class StripePaymentProcessor implements PaymentProcessor {

    private static final Logger log = LoggerFactory.getLogger(StripePaymentProcessor.class);

    private final StripeClient client;
    private final BillingProperties.Stripe settings;

    public StripePaymentProcessor(BillingProperties.Stripe settings) {
        this.settings = settings;
        this.client = StripeClient.builder()
                .setApiKey(settings.apiKey())
                .setApiBase(settings.apiBase())
                .setConnectTimeout(Math.toIntExact(settings.connectTimeout().toMillis()))
                .setReadTimeout(Math.toIntExact(settings.readTimeout().toMillis()))
                .setMaxNetworkRetries(0)
                .build();
    }

    @Override
    public String name() {
        return "stripe";
    }

    @Override
    public ChargeAttempt charge(ChargeRequest request) {
        PaymentIntentCreateParams.Builder params = PaymentIntentCreateParams.builder()
                .setAmount(request.amountMinor())
                .setCurrency(request.currency().toLowerCase(Locale.ROOT))
                .setPaymentMethod(request.paymentMethod())
                .setConfirm(true)
                .setOffSession(true)
                .setDescription("Auto top-up " + request.packId() + " for " + request.workspaceId())
                .putMetadata("topup_key", request.idempotencyKey())
                .putMetadata("workspace_id", request.workspaceId())
                .putMetadata("request_id", request.requestId())
                .putMetadata("pack_id", request.packId());
        if (request.customer() != null) {
            params.setCustomer(request.customer());
        }
        RequestOptions options = RequestOptions.builder()
                .setIdempotencyKey(request.idempotencyKey())
                .build();
        String lastProblem = "no attempt made";
        for (int attempt = 0; attempt <= settings.maxRetries(); attempt++) {
            if (attempt > 0) {
                backOff(attempt);
            }
            try {
                PaymentIntent intent = client.v1().paymentIntents().create(params.build(), options);
                return fromIntent(intent);
            } catch (CardException e) {
                String intent = e.getStripeError() != null && e.getStripeError().getPaymentIntent() != null
                        ? e.getStripeError().getPaymentIntent().getId()
                        : null;
                return ChargeAttempt.declined(intent, e.getCode(), e.getDeclineCode(), Secrets.redact(e.getMessage()));
            } catch (IdempotencyException e) {
                return ChargeAttempt.held("idempotency_error", Secrets.redact(e.getMessage()));
            } catch (AuthenticationException e) {
                throw new BillingException("Stripe refused the API key (" + Secrets.redact(e.getMessage())
                        + "); check billing.stripe.api-key (BILLING_STRIPE_API_KEY)");
            } catch (InvalidRequestException e) {
                return ChargeAttempt.held(
                        e.getCode() == null ? "invalid_request_error" : e.getCode(), Secrets.redact(e.getMessage()));
            } catch (RateLimitException | ApiConnectionException e) {
                lastProblem = describe(e);
            } catch (ApiException e) {
                if (e.getStatusCode() != null && e.getStatusCode() < 500) {
                    return ChargeAttempt.held(e.getCode(), Secrets.redact(e.getMessage()));
                }
                lastProblem = describe(e);
            } catch (StripeException e) {
                lastProblem = describe(e);
            }
            log.warn(
                    "top-up {}: attempt {} got no answer ({}); retrying with the same idempotency key",
                    request.idempotencyKey(),
                    attempt + 1,
                    lastProblem);
        }
        return ChargeAttempt.unknown(lastProblem + " after " + (settings.maxRetries() + 1) + " attempts");
    }

    @Override
    public Optional<ChargeAttempt> find(ChargeRequest request, Instant since) {
        try {
            Iterable<PaymentIntent> intents;
            if (request.customer() != null) {
                intents = client.v1()
                        .paymentIntents()
                        .list(PaymentIntentListParams.builder()
                                .setCustomer(request.customer())
                                .setCreated(PaymentIntentListParams.Created.builder()
                                        .setGte(since.minusSeconds(3600).getEpochSecond())
                                        .build())
                                .setLimit(100L)
                                .build())
                        .autoPagingIterable();
            } else {
                intents = client.v1()
                        .paymentIntents()
                        .search(PaymentIntentSearchParams.builder()
                                .setQuery("metadata['topup_key']:'" + request.idempotencyKey() + "'")
                                .build())
                        .getData();
            }
            for (PaymentIntent intent : intents) {
                if (intent.getMetadata() != null
                        && request.idempotencyKey().equals(intent.getMetadata().get("topup_key"))) {
                    return Optional.of(fromIntent(intent));
                }
            }
            return Optional.empty();
        } catch (StripeException e) {
            throw new PaymentOutcomeUnknownException(request.idempotencyKey(), "looking it up failed: " + describe(e));
        }
    }

    private static ChargeAttempt fromIntent(PaymentIntent intent) {
        return switch (intent.getStatus()) {
            case "succeeded" -> ChargeAttempt.succeeded(intent.getId());
            case "requires_action", "requires_confirmation" ->
                ChargeAttempt.declined(
                        intent.getId(), "authentication_required", null, "the customer must authenticate this payment");
            case "requires_payment_method", "canceled" ->
                ChargeAttempt.declined(
                        intent.getId(),
                        intent.getLastPaymentError() != null
                                ? intent.getLastPaymentError().getCode()
                                : "card_declined",
                        intent.getLastPaymentError() != null
                                ? intent.getLastPaymentError().getDeclineCode()
                                : null,
                        "payment intent " + intent.getStatus());
            default -> ChargeAttempt.unknown("payment intent " + intent.getId() + " is " + intent.getStatus());
        };
    }

    private void backOff(int attempt) {
        long millis = settings.retryBackoff().toMillis() * (1L << Math.min(attempt - 1, 6));
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PaymentOutcomeUnknownException("(interrupted)", "interrupted while waiting to retry");
        }
    }

    private static String describe(StripeException e) {
        String status = e.getStatusCode() == null ? "" : "HTTP " + e.getStatusCode() + " ";
        return status + e.getClass().getSimpleName() + ": " + Secrets.redact(e.getMessage());
    }
}
