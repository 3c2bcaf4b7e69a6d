package com.creditledger.jobs.demo;

import java.util.SplittableRandom;

/** Walker/Vose alias table: O(1) draws from a discrete distribution. */
final class AliasTable {
    private final int size;
    private final double[] probability;
    private final int[] alias;
    private final int[] items;

    AliasTable(double[] weights, int[] items, int size) {
        this.size = size;
        this.items = items;
        this.probability = new double[size];
        this.alias = new int[size];
        double total = 0;
        for (int i = 0; i < size; i++) {
            total += weights[i];
        }
        double[] scaled = new double[size];
        int[] small = new int[size];
        int[] large = new int[size];
        int ns = 0;
        int nl = 0;
        for (int i = 0; i < size; i++) {
            scaled[i] = weights[i] * size / total;
            if (scaled[i] < 1.0) {
                small[ns++] = i;
            } else {
                large[nl++] = i;
            }
        }
        while (ns > 0 && nl > 0) {
            int s = small[--ns];
            int l = large[--nl];
            probability[s] = scaled[s];
            alias[s] = l;
            scaled[l] = (scaled[l] + scaled[s]) - 1.0;
            if (scaled[l] < 1.0) {
                small[ns++] = l;
            } else {
                large[nl++] = l;
            }
        }
        while (nl > 0) {
            probability[large[--nl]] = 1.0;
        }
        while (ns > 0) {
            probability[small[--ns]] = 1.0;
        }
    }

    int draw(SplittableRandom random) {
        double u = random.nextDouble() * size;
        int i = (int) u;
        if (i >= size) {
            i = size - 1;
        }
        return u - i < probability[i] ? items[i] : items[alias[i]];
    }
}
