package org.rnn4j.io;

/** Formatting of untrusted strings for one-line error messages. */
final class Text {

    private static final int MAX_QUOTED = 80;

    private Text() {
    }

    /**
     * {@code 'name'}, with control characters escaped and long names cut, because names come from
     * files and a newline or a megabyte-long name would break the one-line message.
     */
    static String quote(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), MAX_QUOTED) + 8).append('\'');
        int n = Math.min(s.length(), MAX_QUOTED);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        if (s.length() > MAX_QUOTED) {
            b.append("...(").append(s.length()).append(" chars)");
        }
        return b.append('\'').toString();
    }

    /** Cuts text taken from a file (a shape as written, a parser message) to a length fit for a message. */
    static String clip(String s) {
        // cut before collapsing whitespace, so that a huge input costs nothing
        boolean cut = s.length() > MAX_QUOTED;
        String head = cut ? s.substring(0, MAX_QUOTED) : s;
        return head.replaceAll("\\s+", " ") + (cut ? "..." : "");
    }
}
