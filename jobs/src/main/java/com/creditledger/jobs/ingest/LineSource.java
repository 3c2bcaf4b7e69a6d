package com.creditledger.jobs.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits a byte stream into physical lines, counts them, and decodes each one strictly; it never
 * reads past a line break, so no line can change how another is read.
 *
 * <p>A line ends at LF; a CR right before the LF (CRLF) belongs to the terminator, so LF and CRLF
 * may be mixed. A lone CR is an ordinary character; a CR as the very last byte of the stream is
 * dropped. A UTF-8 byte order mark at the start of the stream is skipped.
 *
 * <p>A line is handed out in <em>chunks</em>: one for any line of up to {@value #MAX_CHUNK_BYTES}
 * bytes (the chunk size), several for a longer one, so memory stays bounded whatever the input. Chunks are cut only
 * before a byte that starts a UTF-8 sequence and never between a CR and its LF, so each is decoded
 * on its own and the line is valid exactly when all its chunks are. A chunk's {@link #text()} is
 * {@code null} when its bytes are not valid UTF-8 ({@link CodingErrorAction#REPORT}: no
 * replacement character, no overlong form, no encoded surrogate) or hold a NUL; its bytes are then
 * still available, unchanged, from {@link #copyChunkBytes()}. An all-ASCII chunk, nearly every one,
 * is checked in the same loop that finds its end.
 *
 * <p>Not thread-safe.
 */
final class LineSource {

    /** The longest chunk, in bytes. */
    static final int MAX_CHUNK_BYTES = 1 << 20;

    private static final int INITIAL_BUFFER = 1 << 16;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101_0101_0101_0101L;
    private static final long HIGHS = 0x8080_8080_8080_8080L;

    private final InputStream in;
    private final int maxChunkBytes;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private byte[] buf;
    private int pos;
    private int limit;
    private long consumedBefore; // bytes of the stream before buf[0]
    private boolean eof;
    private boolean atStart = true;

    private long lineNumber;
    private boolean more;
    private int chunkFrom;
    private int chunkTo;
    private String text;
    private String whyNotText;

    LineSource(InputStream in) {
        this(in, MAX_CHUNK_BYTES);
    }

    /** With another chunk size, for tests: at least 8 bytes, so a chunk always holds a whole char. */
    LineSource(InputStream in, int maxChunkBytes) {
        if (maxChunkBytes < 8) {
            throw new IllegalArgumentException("a chunk must hold at least 8 bytes");
        }
        this.in = in;
        this.maxChunkBytes = maxChunkBytes;
        this.buf = new byte[Math.min(INITIAL_BUFFER, maxChunkBytes + 1)];
    }

    /** The 1-based number of the current line, 0 before the first. */
    long lineNumber() {
        return lineNumber;
    }

    /** The current chunk as text, or {@code null} when its bytes are not UTF-8 or hold a NUL. */
    String text() {
        return text;
    }

    /** Why the current chunk's {@link #text()} is {@code null}: a NUL, or bytes that are not UTF-8. */
    String whyNotText() {
        return whyNotText;
    }

    /** Whether the current line goes on after the current chunk. */
    boolean more() {
        return more;
    }

    /**
     * The current chunk as text even if it holds a NUL, or {@code null} when it is not UTF-8: for a
     * CSV header, whose names are never stored.
     */
    String textAllowingNul() {
        if (text != null) {
            return text;
        }
        try {
            return decoder.decode(ByteBuffer.wrap(buf, chunkFrom, chunkTo - chunkFrom))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** The current chunk's bytes, as in the file (without the line terminator). */
    byte[] copyChunkBytes() {
        return Arrays.copyOfRange(buf, chunkFrom, chunkTo);
    }

    /** How many bytes of the stream (after decompression) have been handed out or skipped. */
    long position() {
        return consumedBefore + pos;
    }

    /**
     * Moves to the first chunk of the next line, skipping what is left of the current one.
     *
     * @return {@code false} at the end of the stream
     */
    boolean nextLine() throws IOException {
        while (more) {
            nextChunk();
        }
        if (atStart) {
            atStart = false;
            skipByteOrderMark();
        }
        if (pos >= limit && !fill()) {
            return false;
        }
        lineNumber++;
        readChunk();
        return true;
    }

    /**
     * Moves to the next chunk of the current line.
     *
     * @return {@code false}, changing nothing, when the line has no more chunks
     */
    boolean nextChunk() throws IOException {
        if (!more) {
            return false;
        }
        readChunk();
        return true;
    }

    /** Reads the chunk that starts at {@link #pos}. */
    private void readChunk() throws IOException {
        int scanned = pos;
        int flags = 0; // negative once a byte is 0 or at least 0x80
        while (true) {
            byte[] b = buf;
            int end = Math.min(limit, pos + maxChunkBytes);
            int i = scanned;
            // eight bytes at a time while none is LF: a byte is LF, NUL or not ASCII where
            // (x - 0x01..) & ~x & 0x80.. has its high bit (the lowest such byte exactly)
            while (i + 8 <= end) {
                long w = (long) LONGS.get(b, i);
                long lf = w ^ 0x0A0A_0A0A_0A0A_0A0AL;
                if (((lf - ONES) & ~lf & HIGHS) != 0) {
                    break; // the byte loop below finds it
                }
                if (((w | (w - ONES)) & HIGHS) != 0) {
                    flags = -1; // a byte >= 0x80, or a 0 (whose borrow sets its high bit)
                }
                i += 8;
            }
            while (i < end) {
                byte c = b[i];
                if (c == '\n') {
                    break;
                }
                flags |= c - 1;
                i++;
            }
            if (i < end || (i < limit && b[i] == '\n')) { // a line break
                setChunk(pos, withoutFinalCr(pos, i), flags, false);
                pos = i + 1;
                return;
            }
            if (i < limit) { // a full chunk, and the byte after it is known: cut here
                int to = cutPoint(pos, i);
                setChunk(pos, to, flags, true);
                pos = to;
                return;
            }
            int scannedFromPos = i - pos;
            if (eof || !readMore()) { // the stream ends the line
                eof = true;
                setChunk(pos, withoutFinalCr(pos, limit), flags, false);
                pos = limit;
                return;
            }
            scanned = pos + scannedFromPos;
        }
    }

    private int withoutFinalCr(int from, int to) {
        return to > from && buf[to - 1] == '\r' ? to - 1 : to;
    }

    /**
     * Where to end a chunk that is full at {@code end}: before a byte that starts a UTF-8 sequence,
     * so a valid sequence is never split (after three continuation bytes the line is invalid
     * anyway). The byte at {@code end} is known and is not LF, so a CR before it is a lone one.
     */
    private int cutPoint(int from, int end) {
        int to = end;
        for (int k = 0; k < 3 && to > from + 1 && (buf[to] & 0xC0) == 0x80; k++) {
            to--;
        }
        return to;
    }

    private void setChunk(int from, int to, int flags, boolean more) {
        this.chunkFrom = from;
        this.chunkTo = to;
        this.more = more;
        text = flags >= 0
                ? new String(buf, from, to - from, StandardCharsets.ISO_8859_1) // all ASCII, no NUL
                : decodeStrictly(from, to);
    }

    private String decodeStrictly(int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] == 0) {
                whyNotText = "a NUL byte";
                return null;
            }
        }
        try {
            CharBuffer chars = decoder.decode(ByteBuffer.wrap(buf, from, to - from));
            return chars.toString();
        } catch (CharacterCodingException e) {
            whyNotText = "bytes that are not UTF-8";
            return null;
        }
    }

    private void skipByteOrderMark() throws IOException {
        while (limit - pos < 3 && !eof) {
            if (!readMore()) {
                eof = true;
            }
        }
        if (limit - pos >= 3
                && (buf[pos] & 0xFF) == 0xEF
                && (buf[pos + 1] & 0xFF) == 0xBB
                && (buf[pos + 2] & 0xFF) == 0xBF) {
            pos += 3;
        }
    }

    /** Refills the buffer once everything in it has been handed out; {@code false} at the end. */
    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        if (!readMore()) {
            eof = true;
        }
        return pos < limit;
    }

    /**
     * Reads more bytes after {@link #limit}, first moving the unread bytes to the start of the
     * buffer, and growing it when they fill it.
     *
     * @return {@code false} at the end of the stream
     */
    private boolean readMore() throws IOException {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            consumedBefore += pos;
            limit -= pos;
            pos = 0;
        }
        if (limit == buf.length) {
            buf = Arrays.copyOf(buf, Math.min(buf.length * 2, maxChunkBytes + INITIAL_BUFFER));
        }
        int n;
        do {
            n = in.read(buf, limit, buf.length - limit);
        } while (n == 0);
        if (n < 0) {
            return false;
        }
        limit += n;
        return true;
    }
}
