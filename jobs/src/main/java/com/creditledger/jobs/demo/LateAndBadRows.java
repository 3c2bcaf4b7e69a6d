package com.creditledger.jobs.demo;

import static com.creditledger.jobs.demo.Ascii.pad;
import static com.creditledger.jobs.demo.DatasetGenerator.REQUEST_FIELDS;

import com.creditledger.jobs.demo.DatasetGenerator.BadRowKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Where a freshly built row goes: a {@link DatasetGenerator.Spec#badFraction()} of the rows is
 * replaced by a bad one, the kinds taken in turn; a {@link DatasetGenerator.Spec#lateFraction()} of
 * the good ones is held back for the next or the one after next day's file (never past the last);
 * the rest is written at once, and the last of those is kept to be repeated as a conflicting
 * duplicate.
 */
final class LateAndBadRows {

    private static final String[] UNKNOWN_MODELS = {
        "gpt-9-ultra", "claude-opus-9", "llama-2-70b-legacy", "gemini-0.5-nano"
    };
    private static final String[] UNKNOWN_KINDS = {"voice_call", "agent-run", "Chat", "image_generation"};

    /** A good row kept back for a later day's file. */
    record LateRow(int secondOfDay, long sequence, byte[] bytes) {}

    private final DatasetGenerator.Spec spec;
    private final List<String> models;
    private final List<LateRow>[] late;
    private final EnumMap<BadRowKind, Long> badByKind = new EnumMap<>(BadRowKind.class);
    private long badRows;
    private long lateRows;
    private int nextBadKind;
    private int unknownWorkspaceSequence;
    // the last on-time good row (for conflicting duplicates)
    private byte[] previousRow = new byte[4096];
    private int previousRowLength;

    @SuppressWarnings("unchecked")
    LateAndBadRows(DatasetGenerator.Spec spec, List<String> models) {
        this.spec = spec;
        this.models = models;
        this.late = new List[spec.days()];
        for (int d = 0; d < late.length; d++) {
            late[d] = new ArrayList<>();
        }
        for (BadRowKind k : BadRowKind.values()) {
            badByKind.put(k, 0L);
        }
    }

    long badRows() {
        return badRows;
    }

    long lateRows() {
        return lateRows;
    }

    EnumMap<BadRowKind, Long> badByKind() {
        return badByKind;
    }

    /** The rows held back for day {@code day}'s file, by time of day; taken once. */
    List<LateRow> arriving(int day) {
        List<LateRow> arriving = late[day];
        late[day] = null;
        arriving.sort(Comparator.comparingInt(LateRow::secondOfDay).thenComparingLong(LateRow::sequence));
        return arriving;
    }

    /** Writes the row just built on {@code day} at {@code second}, a bad one instead, or holds it back. */
    void place(SplittableRandom r, RequestShapes shapes, Workspace w, long id, int day, int second, ByteSink sink)
            throws IOException {
        if (spec.badFraction() > 0 && r.nextDouble() < spec.badFraction()) {
            sink.write(badRow(r, w, shapes.row(), shapes.rowLength()));
            badRows++;
            return;
        }
        int lastDay = spec.days() - 1;
        if (day < lastDay && spec.lateFraction() > 0 && r.nextDouble() < spec.lateFraction()) {
            int lag = day + 2 <= lastDay && r.nextInt(10) < 3 ? 2 : 1;
            late[day + lag].add(new LateRow(second, id, Arrays.copyOf(shapes.row(), shapes.rowLength())));
            lateRows++;
            return;
        }
        sink.write(shapes.row(), 0, shapes.rowLength());
        // keep this row for a later conflicting duplicate
        previousRowLength = shapes.rowLength();
        previousRow = shapes.takeRow(previousRow);
    }

    /** Turns the row just built into a bad one of the next kind. Rare: plain strings are fine. */
    private byte[] badRow(SplittableRandom r, Workspace w, byte[] row, int rowLength) {
        BadRowKind[] kinds = BadRowKind.values();
        BadRowKind bad = kinds[nextBadKind++ % kinds.length];
        if (bad == BadRowKind.DUPLICATE_CONFLICT && previousRowLength == 0) {
            bad = kinds[nextBadKind++ % kinds.length];
        }
        String line = new String(row, 0, rowLength - 1, StandardCharsets.US_ASCII);
        String[] f = line.split(",", -1);
        String text;
        switch (bad) {
            case MALFORMED_ROW -> {
                int variant = r.nextInt(3);
                if (variant == 0) {
                    text = String.join(",", Arrays.copyOf(f, 3 + r.nextInt(8))); // truncated
                } else if (variant == 1) {
                    text = line + ",retry"; // one field too many
                } else {
                    List<String> fields = new ArrayList<>(Arrays.asList(f));
                    fields.remove(1 + r.nextInt(REQUEST_FIELDS - 1)); // one field lost
                    text = String.join(",", fields);
                }
            }
            case BAD_TIMESTAMP -> {
                String date = f[1].substring(0, 10);
                String time = f[1].substring(11, 19);
                f[1] = switch (r.nextInt(5)) {
                    case 0 -> date + " " + time;
                    case 1 -> date + "T" + time;
                    case 2 ->
                        date.substring(8, 10) + "/" + date.substring(5, 7) + "/" + date.substring(0, 4) + " "
                                + time.substring(0, 5);
                    case 3 -> date + "T25" + time.substring(2) + "Z";
                    default -> Long.toString(OffsetDateTime.parse(f[1]).toEpochSecond());
                };
                text = String.join(",", f);
            }
            case UNKNOWN_KIND -> {
                if (f[4].equals("app_clone")) {
                    f[9] = models.get(w.preferredModels[0]); // so only the kind is wrong
                }
                f[4] = UNKNOWN_KINDS[r.nextInt(UNKNOWN_KINDS.length)];
                text = String.join(",", f);
            }
            case BAD_NUMBER -> {
                String[] values = {"12.5", "1e3", "lots", "\"1,024\""};
                f[11 + r.nextInt(2)] = values[r.nextInt(values.length)];
                text = String.join(",", f);
            }
            case NEGATIVE_TOKENS -> {
                f[11 + r.nextInt(2)] = "-" + (1 + r.nextInt(5_000));
                text = String.join(",", f);
            }
            case MISSING_WORKSPACE -> {
                f[2] = "";
                text = String.join(",", f);
            }
            case UNKNOWN_WORKSPACE -> {
                f[2] = "ws-deleted-" + pad(++unknownWorkspaceSequence, 4);
                text = String.join(",", f);
            }
            case UNKNOWN_MODEL -> {
                String unknown = unknownModel(r);
                if (f[4].equals("app_clone")) {
                    f[4] = "chat";
                    f[8] = "";
                    f[11] = "1200";
                    f[12] = "300";
                }
                if (f[9].equals("auto")) {
                    f[10] = unknown;
                } else {
                    f[9] = unknown;
                }
                text = String.join(",", f);
            }
            case DUPLICATE_CONFLICT -> {
                String previous = new String(previousRow, 0, previousRowLength - 1, StandardCharsets.US_ASCII);
                String[] g = previous.split(",", -1);
                if (g[12].isEmpty()) {
                    g[13] = "error"; // an app_clone has no tokens: the status differs instead
                } else {
                    g[12] = Long.toString(Long.parseLong(g[12]) + 1 + r.nextInt(500));
                }
                text = String.join(",", g);
                previousRowLength = 0; // one conflicting duplicate per original
            }
            default -> throw new IllegalStateException(bad.name());
        }
        badByKind.merge(bad, 1L, Long::sum);
        return (text + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    private String unknownModel(SplittableRandom r) {
        for (int i = 0; i < UNKNOWN_MODELS.length; i++) {
            String candidate = UNKNOWN_MODELS[(r.nextInt(UNKNOWN_MODELS.length) + i) % UNKNOWN_MODELS.length];
            if (!models.contains(candidate)) {
                return candidate;
            }
        }
        return "no-such-model-" + Long.toHexString(r.nextLong());
    }
}
