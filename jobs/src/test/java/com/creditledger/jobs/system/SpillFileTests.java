package com.creditledger.jobs.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpillFileTests {

    @TempDir
    Path dir;

    @Test
    void eachGroupGivesBackItsRecordsInTheOrderTheyWereAddedAcrossBlocks() {
        // given 4,096 groups (8 KB blocks), 60,000 records of 0 to 400 bytes in random groups, and a few
        // records larger than a block
        int groups = 4096;
        Random random = new Random(7);
        List<List<byte[]>> expected = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            expected.add(new ArrayList<>());
        }
        try (SpillFile spill = SpillFile.create(dir, groups)) {
            for (int i = 0; i < 60_000; i++) {
                int group = i % 997 == 0 ? 5 : random.nextInt(groups);
                byte[] record = new byte[i % 9_973 == 0 ? 20_000 : random.nextInt(401)];
                random.nextBytes(record);
                byte[] padded = new byte[record.length + 6]; // added from the middle of a larger array
                System.arraycopy(record, 0, padded, 3, record.length);
                spill.add(group, padded, 3, record.length);
                expected.get(group).add(record);
            }
            // when each group is read back (in any order of groups)
            for (int g = groups - 1; g >= 0; g--) {
                List<byte[]> read = new ArrayList<>();
                SpillFile.Records records = spill.records(g);
                while (records.next()) {
                    read.add(
                            Arrays.copyOfRange(records.array(), records.offset(), records.offset() + records.length()));
                }
                // then
                assertThat(read).as("group %d", g).hasSize(expected.get(g).size());
                for (int i = 0; i < read.size(); i++) {
                    assertThat(read.get(i))
                            .as("group %d, record %d", g, i)
                            .isEqualTo(expected.get(g).get(i));
                }
            }
        }
    }

    @Test
    void theFileHasNoNameOnDiskWhileOpenNorAfter() throws IOException {
        try (SpillFile spill = SpillFile.create(dir, 2)) {
            byte[] record = new byte[100_000];
            for (int i = 0; i < 100; i++) {
                spill.add(i % 2, record, 0, record.length); // 10 MB: blocks reach the file
            }
            assertThat(listed()).as("a file unlinked as soon as it is open").isEmpty();
            SpillFile.Records records = spill.records(1);
            int count = 0;
            while (records.next()) {
                assertThat(records.length()).isEqualTo(record.length);
                count++;
            }
            assertThat(count).isEqualTo(50);
            assertThat(spill.records(0).next()).isTrue();
        }
        try (SpillFile spill = SpillFile.create(dir, 3)) {
            spill.add(1, new byte[] {7}, 0, 1);
            assertThat(spill.records(0).next()).as("a group that got nothing").isFalse();
            SpillFile.Records one = spill.records(1);
            assertThat(one.next()).isTrue();
            assertThat(one.array()[one.offset()]).isEqualTo((byte) 7);
            assertThat(one.next()).isFalse();
        }
        assertThat(listed()).isEmpty();
    }

    @Test
    void aMissingDirectoryIsNamedWithWhatToDo() {
        Path missing = dir.resolve("missing");
        assertThatThrownBy(() -> SpillFile.create(missing, 3))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("billing.rating.spill-directory");
    }

    private List<Path> listed() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }
}
