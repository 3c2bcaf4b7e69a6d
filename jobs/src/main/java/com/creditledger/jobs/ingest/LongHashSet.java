package com.creditledger.jobs.ingest;

import java.util.Arrays;

/**
 * A set of non-zero 64-bit hashes in one open-addressing {@code long[]}: 16 to 32 bytes per member
 * (it doubles when half full; 48 while it grows), no object per member. Ingest uses it to tell a
 * request id's first sighting in a file from a (possible) repeat without keeping the ids themselves.
 */
final class LongHashSet {

    private long[] slots = new long[1 << 16];
    private int size;

    /** Adds {@code hash}; returns whether it was absent. */
    boolean add(long hash) {
        long key = hash == 0 ? 1 : hash;
        int mask = slots.length - 1;
        int i = (int) (key ^ (key >>> 32)) & mask;
        while (slots[i] != 0) {
            if (slots[i] == key) {
                return false;
            }
            i = (i + 1) & mask;
        }
        slots[i] = key;
        if (++size > slots.length / 2) {
            grow();
        }
        return true;
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        size = 0;
        Arrays.stream(old).filter(key -> key != 0).forEach(this::add);
    }

    /** A well-mixed 64-bit hash of a string's UTF-16 code units (FNV-1a, then a SplitMix64 finish). */
    static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0, n = s.length(); i < n; i++) {
            h = (h ^ s.charAt(i)) * 0x100000001b3L;
        }
        h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
        h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
        return h ^ (h >>> 31);
    }
}
