package com.creditledger.jobs.rate;

/**
 * PostgreSQL's {@code hashtext} in Java. For a text in a deterministic collation it is
 * {@code hash_bytes} (Bob Jenkins' lookup3, {@code src/common/hashfn.c}) of the text's UTF-8 bytes,
 * as a signed 32-bit number. This is the result on a little-endian server, where the C code reads
 * 4-byte words little-endian whether or not they are aligned; {@link
 * WorkspaceBuckets#requireServerAgrees} refuses any other.
 */
final class HashText {

    private HashText() {}

    static int hash(byte[] k) {
        int len = k.length;
        int a = 0x9e3779b9 + len + 3923095;
        int b = a;
        int c = a;
        int i = 0;
        for (; len - i >= 12; i += 12) {
            a += word(k, i);
            b += word(k, i + 4);
            c += word(k, i + 8);
            // mix(a, b, c)
            a -= c;
            a ^= Integer.rotateLeft(c, 4);
            c += b;
            b -= a;
            b ^= Integer.rotateLeft(a, 6);
            a += c;
            c -= b;
            c ^= Integer.rotateLeft(b, 8);
            b += a;
            a -= c;
            a ^= Integer.rotateLeft(c, 16);
            c += b;
            b -= a;
            b ^= Integer.rotateLeft(a, 19);
            a += c;
            c -= b;
            c ^= Integer.rotateLeft(b, 4);
            b += a;
        }
        int rest = len - i;
        // the last 0 to 11 bytes, little-endian; the lowest byte of c is left for the length
        if (rest >= 9) {
            c += tail(k, i + 8, rest - 8) << 8;
        }
        if (rest >= 5) {
            b += tail(k, i + 4, Math.min(rest - 4, 4));
        }
        if (rest >= 1) {
            a += tail(k, i, Math.min(rest, 4));
        }
        // final(a, b, c)
        c ^= b;
        c -= Integer.rotateLeft(b, 14);
        a ^= c;
        a -= Integer.rotateLeft(c, 11);
        b ^= a;
        b -= Integer.rotateLeft(a, 25);
        c ^= b;
        c -= Integer.rotateLeft(b, 16);
        a ^= c;
        a -= Integer.rotateLeft(c, 4);
        b ^= a;
        b -= Integer.rotateLeft(a, 14);
        c ^= b;
        c -= Integer.rotateLeft(b, 24);
        return c;
    }

    private static int word(byte[] k, int at) {
        return tail(k, at, 4);
    }

    /** {@code n} (1 to 4) bytes from {@code at} as a little-endian number. */
    private static int tail(byte[] k, int at, int n) {
        int v = 0;
        for (int j = n - 1; j >= 0; j--) {
            v = (v << 8) | (k[at + j] & 0xff);
        }
        return v;
    }
}
