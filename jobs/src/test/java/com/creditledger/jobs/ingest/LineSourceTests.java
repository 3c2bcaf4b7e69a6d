package com.creditledger.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LineSourceTests {

    @Test
    void chunksOfEveryLineAddUpToItsBytesAndAreTextExactlyWhenTheLineIs() throws IOException {
        // given random lines of ASCII, multi-byte chars, lone CRs, NULs and broken sequences, with LF
        // or CRLF, read through chunks of 8 to 20 bytes and through one tiny read at a time
        Random random = new Random(7);
        byte[][] pieces = {
            ascii("a"),
            ascii("bcdefgh"),
            ascii("\r"),
            utf8("é"),
            utf8("数"),
            utf8("😀"),
            {0},
            {(byte) 0xff},
            {(byte) 0xe2, (byte) 0x82},
            {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
            {(byte) 0x80}
        };
        List<byte[]> lines = new ArrayList<>();
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf});
        for (int k = 0; k < 2000; k++) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int p = random.nextInt(random.nextInt(10) == 0 ? 40 : 6); p > 0; p--) {
                line.writeBytes(pieces[random.nextInt(random.nextInt(4) == 0 ? pieces.length : 6)]);
            }
            byte[] bytes = line.toByteArray();
            if (bytes.length > 0 && bytes[bytes.length - 1] == '\r') {
                continue; // a CR before the LF is the terminator's
            }
            lines.add(bytes);
            file.writeBytes(bytes);
            file.writeBytes(random.nextBoolean() ? ascii("\n") : ascii("\r\n"));
        }
        byte[] content = file.toByteArray();

        for (int chunk = 8; chunk <= 20; chunk++) {
            // when
            LineSource source = new LineSource(trickle(content, random), chunk);
            List<byte[]> read = new ArrayList<>();
            List<Boolean> text = new ArrayList<>();
            while (source.nextLine()) {
                assertThat(source.lineNumber()).isEqualTo(read.size() + 1);
                ByteArrayOutputStream line = new ByteArrayOutputStream();
                StringBuilder decoded = new StringBuilder();
                boolean isText = true;
                do {
                    byte[] piece = source.copyChunkBytes();
                    assertThat(piece.length).isLessThanOrEqualTo(chunk);
                    line.writeBytes(piece);
                    if (source.text() == null) {
                        isText = false;
                    } else {
                        decoded.append(source.text());
                    }
                } while (source.nextChunk());
                read.add(line.toByteArray());
                text.add(isText);
                if (isText) {
                    assertThat(decoded.toString().getBytes(StandardCharsets.UTF_8))
                            .isEqualTo(line.toByteArray());
                }
            }

            // then
            assertThat(read).hasSameSizeAs(lines);
            for (int k = 0; k < lines.size(); k++) {
                assertThat(read.get(k)).as("line %d, chunk %d", k + 1, chunk).isEqualTo(lines.get(k));
                assertThat(text.get(k)).as("line %d, chunk %d", k + 1, chunk).isEqualTo(isText(lines.get(k)));
            }
            assertThat(source.position()).isEqualTo(content.length);
        }
    }

    @Test
    void loneCrIsACharacterAndAFinalCrIsDropped() throws IOException {
        // given
        LineSource source = new LineSource(new ByteArrayInputStream(ascii("a\rb\r\nc\r")), 8);

        // when / then
        assertThat(source.nextLine()).isTrue();
        assertThat(source.text()).isEqualTo("a\rb");
        assertThat(source.nextLine()).isTrue();
        assertThat(source.text()).isEqualTo("c");
        assertThat(source.nextLine()).isFalse();
    }

    private static boolean isText(byte[] line) {
        for (byte b : line) {
            if (b == 0) {
                return false;
            }
        }
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(line));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** A stream that returns a few bytes per read, so lines also straddle reads. */
    private static InputStream trickle(byte[] content, Random random) {
        return new ByteArrayInputStream(content) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1 + random.nextInt(50)));
            }
        };
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
