package dev.girard.render;

/**
 * Wraps plain-text mail at a column width, the way a reader expects: Latin words break at spaces,
 * Chinese, Japanese and Korean characters count two columns and may break between any two, but never
 * before closing punctuation; a word longer than the line (a URL) keeps a line of its own.
 */
final class TextWrap {
    private static final String NO_BREAK_BEFORE = "，。、！？；：）」』》”’…—,.!?;:)";

    private TextWrap() {
    }

    static String wrap(String text, int width) {
        StringBuilder out = new StringBuilder(text.length() + text.length() / 40);
        int start = 0;
        while (start <= text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            wrapLine(text.substring(start, end), width, out);
            if (end < text.length()) {
                out.append('\n');
            }
            start = end + 1;
        }
        return out.toString();
    }

    private static void wrapLine(String line, int width, StringBuilder out) {
        int lineStart = 0;
        int columns = 0;
        int breakAt = -1;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (i > lineStart && allowsBreakBefore(line, i)) {
                breakAt = i;
            }
            columns += isWide(c) ? 2 : 1;
            if (columns > width && breakAt > lineStart) {
                out.append(stripTrailingSpaces(line.substring(lineStart, breakAt))).append('\n');
                lineStart = breakAt;
                while (lineStart < line.length() && line.charAt(lineStart) == ' ') {
                    lineStart++;
                }
                breakAt = -1;
                columns = columns(line, lineStart, i + 1);
            }
        }
        out.append(line, Math.min(lineStart, line.length()), line.length());
    }

    private static String stripTrailingSpaces(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == ' ') {
            end--;
        }
        return s.substring(0, end);
    }

    private static boolean allowsBreakBefore(String line, int i) {
        char c = line.charAt(i);
        char previous = line.charAt(i - 1);
        // the look-up in NO_BREAK_BEFORE only for the few characters that could start a line at all
        return (previous == ' ' && c != ' ' || isWide(c) || isWide(previous) && c != ' ')
                && NO_BREAK_BEFORE.indexOf(c) < 0;
    }

    private static int columns(String line, int from, int to) {
        int columns = 0;
        for (int i = from; i < to; i++) {
            columns += isWide(line.charAt(i)) ? 2 : 1;
        }
        return columns;
    }

    private static boolean isWide(char c) {
        return c >= '\u2E80' && c <= '\u9FFF' || c >= '\uF900' && c <= '\uFAFF' || c >= '\uFE30' && c <= '\uFE4F'
                || c >= '\uFF00' && c <= '\uFFEF' || c >= '\uAC00' && c <= '\uD7AF';
    }
}
