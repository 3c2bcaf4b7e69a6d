package com.creditledger.jobs.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Set;
import java.util.UUID;

/**
 * Records added to numbered groups in any order, then read back a group at a time: grouping
 * without sorting, for a stream too large to hold. Each group gathers its records in a block of
 * memory; a full block is appended to a temporary file, which is unlinked as soon as it is open
 * ({@code DELETE_ON_CLOSE} on Unix), so nothing is left on disk however the process ends, even
 * killed. Memory: at most {@value #BUDGET_BYTES} bytes of blocks in all, whatever the number of
 * records, up to 32,768 groups (blocks of 512 bytes; more groups, 512 bytes each), and one block
 * while reading. A group's block is only allocated when it gets its first record.
 */
public final class SpillFile implements AutoCloseable {

    private static final int BUDGET_BYTES = 16 << 20;
    private static final int MIN_BLOCK = 512;
    private static final int MAX_BLOCK = 1 << 20;

    private final Path path;
    private final FileChannel channel;
    private final int blockSize;
    private final byte[][] blocks;
    private final int[] fill;
    /** Per group, the file offset and length of each block written, in order. */
    private final long[][] written;

    private final int[] writtenCount;
    private long end;

    private SpillFile(Path path, FileChannel channel, int groups) {
        this.path = path;
        this.channel = channel;
        this.blockSize = Math.max(MIN_BLOCK, Math.min(MAX_BLOCK, BUDGET_BYTES / groups));
        this.blocks = new byte[groups][];
        this.fill = new int[groups];
        this.written = new long[groups][];
        this.writtenCount = new int[groups];
    }

    /** A new spill of {@code groups} groups in {@code directory}. */
    public static SpillFile create(Path directory, int groups) {
        if (groups < 1) {
            throw new IllegalArgumentException("a spill needs at least one group");
        }
        Path path = directory.resolve("billing-" + UUID.randomUUID() + ".spill");
        try {
            Set<StandardOpenOption> options = Set.of(
                    StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.READ,
                    StandardOpenOption.WRITE,
                    StandardOpenOption.DELETE_ON_CLOSE);
            FileAttribute<?>[] ownerOnly =
                    FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                            ? new FileAttribute<?>[] {
                                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
                            }
                            : new FileAttribute<?>[0];
            return new SpillFile(path, FileChannel.open(path, options, ownerOnly), groups);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "could not create a spill file in " + directory + " (" + e.getMessage()
                            + "): create it, or point billing.rating.spill-directory at a writable directory",
                    e);
        }
    }

    /** Adds {@code length} bytes of {@code bytes} from {@code from} as one record of {@code group}. */
    public void add(int group, byte[] bytes, int from, int length) {
        byte[] block = blocks[group];
        if (block == null) {
            block = blocks[group] = new byte[blockSize];
        }
        int need = 4 + length;
        if (fill[group] + need > block.length) {
            flush(group);
            if (need > block.length) { // a record larger than a block is a block of its own
                ByteBuffer alone = ByteBuffer.allocate(need).putInt(length).put(bytes, from, length);
                write(group, alone.array(), need);
                return;
            }
        }
        int at = fill[group];
        block[at] = (byte) (length >>> 24);
        block[at + 1] = (byte) (length >>> 16);
        block[at + 2] = (byte) (length >>> 8);
        block[at + 3] = (byte) length;
        System.arraycopy(bytes, from, block, at + 4, length);
        fill[group] = at + need;
    }

    private void flush(int group) {
        if (fill[group] > 0) {
            write(group, blocks[group], fill[group]);
            fill[group] = 0;
        }
    }

    private void write(int group, byte[] bytes, int length) {
        try {
            ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, length);
            long at = end;
            while (buffer.hasRemaining()) {
                at += channel.write(buffer, at);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "could not write to the spill file " + path + " (" + e.getMessage()
                            + "): free space there, or point billing.rating.spill-directory at a disk with more",
                    e);
        }
        long[] list = written[group];
        int n = writtenCount[group];
        if (list == null) {
            list = written[group] = new long[16];
        } else if (2 * n + 2 > list.length) {
            list = written[group] = Arrays.copyOf(list, list.length * 2);
        }
        list[2 * n] = end;
        list[2 * n + 1] = length;
        writtenCount[group] = n + 1;
        end += length;
    }

    /** The records of {@code group} in the order they were added. */
    public Records records(int group) {
        return new Records(group);
    }

    /** Releases the file (it has no name left on disk) and the blocks. */
    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing to keep: the file is unlinked already
        }
    }

    /** Reads one group's records: {@link #next}, then the record is {@link #array()} from {@link #offset()}. */
    public final class Records {

        private final int group;
        private int nextBlock;
        private byte[] block = new byte[0];
        private int blockEnd;
        private int at;
        private int offset;
        private int length;

        private Records(int group) {
            this.group = group;
        }

        /** Moves to the next record; false after the last. */
        public boolean next() {
            while (at >= blockEnd) {
                if (!loadBlock()) {
                    return false;
                }
            }
            length = ((block[at] & 0xFF) << 24)
                    | ((block[at + 1] & 0xFF) << 16)
                    | ((block[at + 2] & 0xFF) << 8)
                    | (block[at + 3] & 0xFF);
            offset = at + 4;
            at = offset + length;
            return true;
        }

        private boolean loadBlock() {
            int count = writtenCount[group];
            if (nextBlock > count) {
                return false;
            }
            if (nextBlock == count) { // the block still in memory comes last
                block = blocks[group] == null ? new byte[0] : blocks[group];
                blockEnd = fill[group];
            } else {
                int size = (int) written[group][2 * nextBlock + 1];
                if (block.length < size) {
                    block = new byte[Math.max(size, blockSize)];
                }
                ByteBuffer buffer = ByteBuffer.wrap(block, 0, size);
                long position = written[group][2 * nextBlock];
                try {
                    while (buffer.hasRemaining()) {
                        if (channel.read(buffer, position + buffer.position()) < 0) {
                            throw new IOException("the file ended early");
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("could not read the spill file " + path + ": " + e.getMessage(), e);
                }
                blockEnd = size;
            }
            nextBlock++;
            at = 0;
            return true;
        }

        public byte[] array() {
            return block;
        }

        public int offset() {
            return offset;
        }

        public int length() {
            return length;
        }
    }
}
