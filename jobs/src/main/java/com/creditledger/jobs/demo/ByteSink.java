package com.creditledger.jobs.demo;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;

/** Buffered byte output without charset encoding: every request byte is ASCII. */
final class ByteSink implements Closeable {
    private final OutputStream out;
    private final byte[] buffer = new byte[1 << 20];
    private int length;

    ByteSink(OutputStream out) {
        this.out = out;
    }

    void write(byte[] bytes, int offset, int count) throws IOException {
        if (count > buffer.length - length) {
            flushBuffer();
            if (count > buffer.length) {
                out.write(bytes, offset, count);
                return;
            }
        }
        System.arraycopy(bytes, offset, buffer, length, count);
        length += count;
    }

    void write(byte[] bytes) throws IOException {
        write(bytes, 0, bytes.length);
    }

    private void flushBuffer() throws IOException {
        if (length > 0) {
            out.write(buffer, 0, length);
            length = 0;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            flushBuffer();
        } finally {
            out.close();
        }
    }
}
