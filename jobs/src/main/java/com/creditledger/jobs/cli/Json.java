package com.creditledger.jobs.cli;

/** A JSON object from name/value pairs, for {@code --json} output (strings, numbers, null). */
final class Json {

    private Json() {}

    static String object(Object... pairs) {
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < pairs.length; i += 2) {
            if (i > 0) {
                json.append(',');
            }
            json.append(string(pairs[i].toString())).append(':');
            Object value = pairs[i + 1];
            if (value == null) {
                json.append("null");
            } else if (value instanceof Number) {
                json.append(value);
            } else {
                json.append(string(value.toString()));
            }
        }
        return json.append('}').toString();
    }

    static String string(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
