package com.creditledger.jobs.ingest;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The fields of one CSV record as an unmodifiable map over a header shared by all records of the
 * file: one small array per record instead of a hash table with an entry per field. Absent
 * (empty) cells are {@code null} in the array and not in the map.
 */
final class CsvRow extends AbstractMap<String, String> {

    /** The column names of a CSV file and where the contract fields are. */
    static final class Header {
        final String[] names;
        final Map<String, Integer> indexByName;
        /** For each contract field (in {@link RequestFields#ALL} order), its column, or -1. */
        final int[] contractColumn = new int[RequestFields.COUNT];

        Header(String[] names, Map<String, Integer> indexByName) {
            this.names = names;
            this.indexByName = indexByName;
            for (int i = 0; i < RequestFields.COUNT; i++) {
                Integer column = indexByName.get(RequestFields.ALL.get(i));
                contractColumn[i] = column == null ? -1 : column;
            }
        }
    }

    private final Header header;
    private final String[] values;
    private final int size;

    CsvRow(Header header, String[] values) {
        this.header = header;
        this.values = values;
        int n = 0;
        for (String value : values) {
            if (value != null) {
                n++;
            }
        }
        this.size = n;
    }

    /** The number of columns, present or not. */
    int width() {
        return values.length;
    }

    /** The column name at a position. */
    String nameAt(int column) {
        return header.names[column];
    }

    /** The value at a position, {@code null} when absent. */
    String valueAt(int column) {
        return values[column];
    }

    /** The value of a contract field by its index in {@link RequestFields#ALL}, or {@code null}. */
    String contractValue(int field) {
        int column = header.contractColumn[field];
        return column < 0 ? null : values[column];
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public String get(Object key) {
        Integer column = header.indexByName.get(key);
        return column == null ? null : values[column];
    }

    @Override
    public boolean containsKey(Object key) {
        return get(key) != null;
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, String>> iterator() {
                return new Iterator<>() {
                    private int next = advance(0);

                    private int advance(int from) {
                        int i = from;
                        while (i < values.length && values[i] == null) {
                            i++;
                        }
                        return i;
                    }

                    @Override
                    public boolean hasNext() {
                        return next < values.length;
                    }

                    @Override
                    public Entry<String, String> next() {
                        if (next >= values.length) {
                            throw new NoSuchElementException();
                        }
                        Entry<String, String> entry = new SimpleImmutableEntry<>(header.names[next], values[next]);
                        next = advance(next + 1);
                        return entry;
                    }
                };
            }

            @Override
            public int size() {
                return size;
            }
        };
    }
}
