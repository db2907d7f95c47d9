package dev.girard.web.admin;

import java.util.ArrayList;
import java.util.List;

/** A line diff (longest common subsequence) of two versions of a template file, for the version history. */
final class LineDiff {
    enum Kind { SAME, ADDED, REMOVED, GAP }

    /** One line of the diff; a GAP stands for unchanged lines left out. */
    record Line(Kind kind, String text) {
        public String sign() {
            return switch (kind) {
                case SAME -> " ";
                case ADDED -> "+";
                case REMOVED -> "-";
                case GAP -> "…";
            };
        }

        public String kindId() {
            return kind.name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static final long MAX_CELLS = 4_000_000;

    private LineDiff() {
    }

    static List<Line> diff(String before, String after) {
        String[] a = before.isEmpty() ? new String[0] : before.split("\n", -1);
        String[] b = after.isEmpty() ? new String[0] : after.split("\n", -1);
        if ((long) a.length * b.length > MAX_CELLS) {
            // too large to align line by line: show it as replaced whole
            List<Line> lines = new ArrayList<>();
            for (String line : a) {
                lines.add(new Line(Kind.REMOVED, line));
            }
            for (String line : b) {
                lines.add(new Line(Kind.ADDED, line));
            }
            return lines;
        }
        int[][] lcs = new int[a.length + 1][b.length + 1];
        for (int i = a.length - 1; i >= 0; i--) {
            for (int j = b.length - 1; j >= 0; j--) {
                lcs[i][j] = a[i].equals(b[j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<Line> lines = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.length || j < b.length) {
            if (i < a.length && j < b.length && a[i].equals(b[j])) {
                lines.add(new Line(Kind.SAME, a[i]));
                i++;
                j++;
            } else if (j < b.length && (i == a.length || lcs[i][j + 1] >= lcs[i + 1][j])) {
                lines.add(new Line(Kind.ADDED, b[j++]));
            } else {
                lines.add(new Line(Kind.REMOVED, a[i++]));
            }
        }
        return lines;
    }

    /** The changed lines with {@code around} unchanged lines on each side; longer unchanged runs become a gap. */
    static List<Line> context(List<Line> lines, int around) {
        List<Line> shown = new ArrayList<>();
        boolean gap = false;
        for (int k = 0; k < lines.size(); k++) {
            boolean near = false;
            for (int d = Math.max(0, k - around); d <= Math.min(lines.size() - 1, k + around); d++) {
                if (lines.get(d).kind() != Kind.SAME) {
                    near = true;
                    break;
                }
            }
            if (near) {
                shown.add(lines.get(k));
                gap = false;
            } else if (!gap) {
                shown.add(new Line(Kind.GAP, ""));
                gap = true;
            }
        }
        return shown;
    }
}
