package com.creditledger.jobs.topup;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for the Stripe PaymentIntents API, over real HTTP on loopback. It keeps
 * idempotency keys like Stripe: the same key with the same parameters replays the first answer,
 * with other parameters it is an {@code idempotency_error}. Payment methods behave like Stripe's
 * test ones: {@code pm_card_chargeDeclined*} is declined, {@code pm_card_authenticationRequired}
 * needs the customer, anything else succeeds. Tests script failures for the next calls.
 */
public final class FakeStripe implements AutoCloseable {

    /** What the next call does instead of (or besides) answering normally. */
    sealed interface Trouble permits ServerError, SlowAnswer, IdempotencyError {}

    /** Answers 500 without executing (Stripe does not keep the key then). */
    record ServerError() implements Trouble {}

    /** Executes and keeps the answer, but sends it only after a delay. */
    record SlowAnswer(Duration delay) implements Trouble {}

    /** Answers that the key was used with other parameters. */
    record IdempotencyError() implements Trouble {}

    private record Stored(String params, int status, String body) {}

    private final HttpServer server;
    private final Map<String, Stored> byKey = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> callsByKey = new ConcurrentHashMap<>();
    private final List<String> intents = new ArrayList<>();
    private final Map<String, Integer> succeededByTopup = new TreeMap<>();
    private final Deque<Trouble> troubles = new ArrayDeque<>();
    private final List<String> authorizations = new ArrayList<>();
    private volatile Duration answerDelay = Duration.ZERO;

    public FakeStripe() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/payment_intents", this::handle);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    /**
     * A new fake Stripe (on a port of its own) that remembers everything {@code from} did: its
     * idempotency keys, PaymentIntents and charges, as the real one would after those calls.
     */
    public static FakeStripe copyOf(FakeStripe from) throws IOException {
        FakeStripe copy = new FakeStripe();
        synchronized (from) {
            copy.byKey.putAll(from.byKey);
            from.callsByKey.forEach((key, calls) -> copy.callsByKey.put(key, new AtomicInteger(calls.get())));
            copy.intents.addAll(from.intents);
            copy.succeededByTopup.putAll(from.succeededByTopup);
        }
        return copy;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * Every call from now on executes at once but answers only after {@code delay}, so that a
     * client can be caught between its call and the answer ({@link Duration#ZERO}: answer at once).
     */
    public void answerAfter(Duration delay) {
        answerDelay = delay;
    }

    /** Successful charges per top-up ({@code metadata[topup_key]}), whatever idempotency key carried them. */
    public synchronized Map<String, Integer> succeededByTopup() {
        return Map.copyOf(succeededByTopup);
    }

    synchronized void next(Trouble trouble) {
        troubles.add(trouble);
    }

    /** PaymentIntents that took money. */
    synchronized int charges() {
        return (int) intents.stream()
                .filter(i -> i.contains("\"status\": \"succeeded\""))
                .count();
    }

    int calls(String key) {
        return callsByKey.getOrDefault(key, new AtomicInteger()).get();
    }

    synchronized List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            synchronized (this) {
                authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            }
            if (exchange.getRequestMethod().equals("GET")) {
                list(exchange);
                return;
            }
            String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> params = parse(body);
            callsByKey.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            Trouble trouble;
            synchronized (this) {
                trouble = troubles.poll();
            }
            if (trouble instanceof ServerError) {
                send(exchange, 500, error("api_error", null, null, "Something went wrong on Stripe's end."));
                return;
            }
            if (trouble instanceof IdempotencyError) {
                send(
                        exchange,
                        400,
                        error(
                                "idempotency_error",
                                null,
                                null,
                                "Keys for idempotent requests can only be used with the same parameters they were first used with."));
                return;
            }
            String canonical = new TreeMap<>(params).toString();
            Stored stored = byKey.get(key);
            if (stored != null && !stored.params().equals(canonical)) {
                send(
                        exchange,
                        400,
                        error(
                                "idempotency_error",
                                null,
                                null,
                                "Keys for idempotent requests can only be used with the same parameters they were first used with."));
                return;
            }
            if (stored == null) {
                stored = execute(key, canonical, params);
                byKey.put(key, stored);
            }
            if (trouble instanceof SlowAnswer slow) {
                Thread.sleep(slow.delay().toMillis());
            }
            Thread.sleep(answerDelay.toMillis());
            send(exchange, stored.status(), stored.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized Stored execute(String key, String canonical, Map<String, String> params) {
        // named after its idempotency key, not the order of the calls: two runs that make the same
        // charges in another order (parallel partitions, a restart) get the same ids
        String id = "pi_fake_" + id(key);
        String method = params.getOrDefault("payment_method", "");
        if (method.startsWith("pm_card_chargeDeclined")) {
            String decline =
                    method.equals("pm_card_chargeDeclinedInsufficientFunds") ? "insufficient_funds" : "generic_decline";
            intents.add(intent(id, params, "requires_payment_method"));
            return new Stored(
                    canonical, 402, error("card_error", "card_declined", decline, "Your card was declined.", id));
        }
        if (method.equals("pm_card_authenticationRequired")) {
            intents.add(intent(id, params, "requires_payment_method"));
            return new Stored(
                    canonical,
                    402,
                    error("card_error", "authentication_required", null, "This payment requires authentication.", id));
        }
        String intent = intent(id, params, "succeeded");
        intents.add(intent);
        succeededByTopup.merge(params.getOrDefault("metadata[topup_key]", ""), 1, Integer::sum);
        return new Stored(canonical, 200, intent);
    }

    private static String id(String key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(String.valueOf(key).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void list(HttpExchange exchange) throws IOException {
        String data;
        synchronized (this) {
            data = String.join(",", intents);
        }
        String object = exchange.getRequestURI().getPath().endsWith("/search") ? "search_result" : "list";
        send(
                exchange,
                200,
                "{\"object\": \"" + object + "\", \"url\": \"/v1/payment_intents\", \"has_more\": false,"
                        + " \"data\": [" + data + "]}");
    }

    private static String intent(String id, Map<String, String> params, String status) {
        StringBuilder metadata = new StringBuilder();
        params.forEach((name, value) -> {
            if (name.startsWith("metadata[")) {
                if (metadata.length() > 0) {
                    metadata.append(", ");
                }
                metadata.append('"')
                        .append(name, 9, name.length() - 1)
                        .append("\": \"")
                        .append(value)
                        .append('"');
            }
        });
        return "{\"id\": \"" + id + "\", \"object\": \"payment_intent\", \"amount\": " + params.get("amount")
                + ", \"currency\": \"" + params.get("currency") + "\", \"status\": \"" + status + "\","
                + " \"customer\": " + (params.containsKey("customer") ? "\"" + params.get("customer") + "\"" : "null")
                + ", \"created\": " + (System.currentTimeMillis() / 1000) + ", \"metadata\": {" + metadata + "}}";
    }

    private static String error(String type, String code, String decline, String message) {
        return error(type, code, decline, message, null);
    }

    private static String error(String type, String code, String decline, String message, String intent) {
        return "{\"error\": {\"type\": \"" + type + "\""
                + (code == null ? "" : ", \"code\": \"" + code + "\"")
                + (decline == null ? "" : ", \"decline_code\": \"" + decline + "\"")
                + ", \"message\": \"" + message + "\""
                + (intent == null
                        ? ""
                        : ", \"payment_intent\": {\"id\": \"" + intent + "\", \"object\": \"payment_intent\","
                                + " \"status\": \"requires_payment_method\"}")
                + "}}";
    }

    private static Map<String, String> parse(String body) {
        Map<String, String> params = new TreeMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            params.put(
                    URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("Request-Id", "req_fake");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        } catch (IOException e) {
            // the client gave up waiting (a read timeout): the charge stays made, as at Stripe
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
