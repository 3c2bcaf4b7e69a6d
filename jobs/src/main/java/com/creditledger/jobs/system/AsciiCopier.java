package com.creditledger.jobs.system;

/**
 * Copies a string into a byte array when it is all ASCII without NUL, where UTF-8 is one byte per
 * char: ids, codes, numbers and timestamps nearly always are (a NUL is left to the caller's slow
 * path, which a COPY writer uses to refuse it). {@code String.getChars} into a reused buffer
 * and one branch-free loop cost a fraction of a {@code charAt} per char with a test each. Not
 * thread-safe: one per writer.
 */
public final class AsciiCopier {

    private char[] chars = new char[256];

    /**
     * Writes {@code value}'s chars as bytes at {@code out[at]} and returns true if they are all
     * ASCII and none is NUL; otherwise returns false, and the bytes written there mean nothing. {@code out} must
     * have room for {@code value.length()} bytes from {@code at}.
     */
    public boolean copy(String value, byte[] out, int at) {
        int n = value.length();
        if (n > chars.length) {
            chars = new char[Math.max(n, 2 * chars.length)];
        }
        char[] c = chars;
        value.getChars(0, n, c, 0);
        int any = 0;
        int nul = 0; // negative once a char is 0
        for (int i = 0; i < n; i++) {
            any |= c[i];
            nul |= c[i] - 1;
            out[at + i] = (byte) c[i];
        }
        return any < 0x80 && nul >= 0;
    }
}
