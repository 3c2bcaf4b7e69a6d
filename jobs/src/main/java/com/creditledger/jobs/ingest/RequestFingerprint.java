package com.creditledger.jobs.ingest;

import com.creditledger.jobs.system.AsciiCopier;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.UUID;

/**
 * The content fingerprint of a request record: decides whether two records with the same {@code
 * request_id} are identical, "every field equal, as text" (SPEC §4).
 *
 * <p>Encoding: for each of the 15 contract fields in {@link RequestFields#ALL} order (unknown
 * columns are not part of it), an absent field is the byte {@code 0x00}; a present one is {@code
 * 0x01}, its text in UTF-8 and the byte {@code 0xFF} (which UTF-8 never contains, so the encoding is
 * unambiguous; an unpaired surrogate is encoded as its own 3-byte sequence). The fingerprint is the
 * first 16 bytes of the SHA-256 of that encoding, read big-endian as a {@link UUID} (the version
 * bits are not set). Values are compared exactly as read: {@code 10} and {@code 010}, or {@code Z}
 * and {@code +00:00}, differ. The encoding is stored with ingested records and must never change.
 *
 * <p>Thread-safe (one digest per thread).
 */
public final class RequestFingerprint {

    private static final ThreadLocal<RequestFingerprint> LOCAL = ThreadLocal.withInitial(RequestFingerprint::new);

    private final MessageDigest digest;
    private final byte[] buffer = new byte[2048];
    private final byte[] hash = new byte[32];
    private int length;
    private final AsciiCopier ascii = new AsciiCopier();

    private RequestFingerprint() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** The fingerprint of a record's fields by name; only the contract fields count. */
    public static UUID of(Map<String, String> fields) {
        RequestFingerprint f = LOCAL.get();
        for (String name : RequestFields.ALL) {
            f.add(fields.get(name));
        }
        return f.finish();
    }

    /** The fingerprint of the contract field values in {@link RequestFields#ALL} order. */
    static UUID ofValues(String[] valuesInSpecOrder) {
        RequestFingerprint f = LOCAL.get();
        for (String value : valuesInSpecOrder) {
            f.add(value);
        }
        return f.finish();
    }

    private void add(String value) {
        if (value == null) {
            put((byte) 0x00);
            return;
        }
        put((byte) 0x01);
        int n = value.length();
        if (length + n + 1 > buffer.length) {
            flush();
        }
        if (n < buffer.length && ascii.copy(value, buffer, length)) { // one byte per char
            length += n;
            put((byte) 0xFF);
            return;
        }
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (length + 4 > buffer.length) {
                flush();
            }
            if (c < 0x80) {
                buffer[length++] = (byte) c;
            } else if (c < 0x800) {
                buffer[length++] = (byte) (0xC0 | (c >> 6));
                buffer[length++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, value.charAt(++i));
                buffer[length++] = (byte) (0xF0 | (cp >> 18));
                buffer[length++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                buffer[length++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                buffer[length++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                buffer[length++] = (byte) (0xE0 | (c >> 12));
                buffer[length++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                buffer[length++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        put((byte) 0xFF);
    }

    private void put(byte b) {
        if (length == buffer.length) {
            flush();
        }
        buffer[length++] = b;
    }

    private void flush() {
        digest.update(buffer, 0, length);
        length = 0;
    }

    private UUID finish() {
        flush();
        try {
            digest.digest(hash, 0, hash.length);
        } catch (DigestException e) {
            throw new IllegalStateException(e);
        }
        return new UUID(longAt(0), longAt(8));
    }

    private long longAt(int offset) {
        long v = 0;
        for (int i = offset; i < offset + 8; i++) {
            v = (v << 8) | (hash[i] & 0xFF);
        }
        return v;
    }
}
