package com.creditledger.jobs.cli;

import com.creditledger.jobs.system.BillingException;
import com.creditledger.jobs.topup.Secrets;
import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The external PostgreSQL of {@code --db-url} (or {@code BILLING_DB_URL}), with its secrets taken
 * out of the URL: pgjdbc quotes the URL it was given in its messages (an unknown host, a bad port),
 * so a password travels to the driver as a connection property, never inside the URL. Takes pgjdbc's
 * form ({@code jdbc:postgresql://db:5432/billing?user=billing&password=...}) and the userinfo form
 * other clients use ({@code jdbc:postgresql://billing:...@db/billing}), which pgjdbc itself does not
 * know; without a password in the URL, {@code BILLING_DB_PASSWORD} gives it.
 *
 * @param url the URL to connect to: no password, the user as pgjdbc's {@code user} parameter
 * @param password the password, or null
 * @param secrets the other secret connection properties the URL named ({@code sslpassword})
 */
record DatabaseUrl(String url, String password, Map<String, String> secrets) {

    /** The environment variable that may hold the password. */
    static final String PASSWORD_VARIABLE = "BILLING_DB_PASSWORD";

    private static final String PREFIX = "jdbc:postgresql:";

    /** {@code raw} taken apart; {@code environmentPassword} (may be null) when the URL has none. */
    static DatabaseUrl parse(String raw, String environmentPassword) {
        String text = raw.strip();
        if (!text.startsWith(PREFIX)) {
            throw new BillingException("--db-url (or BILLING_DB_URL) '" + Secrets.redact(text) + "' is not a"
                    + " PostgreSQL JDBC URL; give one like jdbc:postgresql://db:5432/billing?user=billing");
        }
        String rest = text.substring(PREFIX.length());
        String query = "";
        int question = rest.indexOf('?');
        if (question >= 0) {
            query = rest.substring(question + 1);
            rest = rest.substring(0, question);
        }
        String user = null;
        String password = null;
        if (rest.startsWith("//")) {
            int slash = rest.indexOf('/', 2);
            String authority = slash < 0 ? rest.substring(2) : rest.substring(2, slash);
            String path = slash < 0 ? "" : rest.substring(slash);
            int at = authority.lastIndexOf('@');
            if (at >= 0) {
                String userinfo = authority.substring(0, at);
                int colon = userinfo.indexOf(':');
                user = percentDecoded(colon < 0 ? userinfo : userinfo.substring(0, colon));
                password = colon < 0 ? null : percentDecoded(userinfo.substring(colon + 1));
                authority = authority.substring(at + 1);
            }
            rest = "//" + authority + path;
        }
        List<String> kept = new ArrayList<>();
        Map<String, String> secrets = new LinkedHashMap<>();
        for (String parameter : query.split("&")) {
            if (parameter.isEmpty()) {
                continue;
            }
            int equals = parameter.indexOf('=');
            String key = equals < 0 ? parameter : parameter.substring(0, equals);
            String value = equals < 0 ? "" : URLDecoder.decode(parameter.substring(equals + 1), StandardCharsets.UTF_8);
            if (key.equalsIgnoreCase("password")) {
                password = value;
            } else if (key.toLowerCase(Locale.ROOT).contains("password")) {
                secrets.put(key, value);
            } else if (key.equals("user")) {
                user = value;
            } else {
                kept.add(parameter);
            }
        }
        if (user != null) {
            kept.add(0, "user=" + URLEncoder.encode(user, StandardCharsets.UTF_8));
        }
        if (password == null && environmentPassword != null && !environmentPassword.isEmpty()) {
            password = environmentPassword;
        }
        return new DatabaseUrl(PREFIX + rest + (kept.isEmpty() ? "" : "?" + String.join("&", kept)), password, secrets);
    }

    /** Spring settings that connect to this database. */
    Map<String, Object> settings() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("spring.datasource.url", url);
        if (password != null) {
            settings.put("spring.datasource.password", password);
        }
        secrets.forEach((key, value) -> settings.put("spring.datasource.hikari.data-source-properties." + key, value));
        return settings;
    }

    /** Where this database is, for messages: the URL without its parameters. */
    String where() {
        int question = url.indexOf('?');
        return question < 0 ? url : url.substring(0, question);
    }

    @Override
    public String toString() {
        return url; // never the password
    }

    /** RFC 3986 percent-decoding (a '+' stays a '+', unlike in a query). */
    private static String percentDecoded(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int i = 0;
        while (i < text.length()) {
            int high = i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
            int low = i + 2 < text.length() ? Character.digit(text.charAt(i + 2), 16) : -1;
            if (text.charAt(i) == '%' && high >= 0 && low >= 0) {
                bytes.write(high * 16 + low);
                i += 3;
            } else {
                int next = text.indexOf('%', i + 1);
                int end = next < 0 ? text.length() : next;
                bytes.writeBytes(text.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end;
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
