package com.creditledger.jobs.topup;

import java.util.regex.Pattern;

/** Removes API keys from text before it reaches a log, an exception message or a report. */
public final class Secrets {

    private static final Pattern STRIPE_KEY = Pattern.compile("\\b(sk|rk|pk)_(live|test)_[A-Za-z0-9*]+");
    private static final Pattern BEARER = Pattern.compile("(?i)(Bearer|Basic)\\s+[A-Za-z0-9._~+/=*-]+");
    private static final Pattern PASSWORD = Pattern.compile("(?i)(password=)[^&\\s;]*");
    /** The password of a URL's userinfo: {@code //user:password@host}. */
    private static final Pattern USERINFO_PASSWORD = Pattern.compile("(//[^/?#@\\s:]*:)[^/?#\\s]*@");

    private Secrets() {}

    /** The text with Stripe keys, bearer or basic credentials and URL passwords (query or userinfo) replaced by {@code ***}. */
    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String redacted = STRIPE_KEY.matcher(text).replaceAll("$1_$2_***");
        redacted = BEARER.matcher(redacted).replaceAll("$1 ***");
        redacted = USERINFO_PASSWORD.matcher(redacted).replaceAll("$1***@");
        return PASSWORD.matcher(redacted).replaceAll("$1***");
    }
}
