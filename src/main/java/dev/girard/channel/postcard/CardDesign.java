package dev.girard.channel.postcard;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One of the twelve built-in card designs: a size, a front layout and a colour scheme. Colours are CMYK
 * fractions, as a print shop mixes them; the artwork is drawn from the same colours.
 *
 * @param number 1 to 12: the month the design belongs to
 * @param layout how the front is laid out: {@code full} (artwork over the whole front), {@code framed}
 *               (artwork in a frame on paper), {@code split} (artwork on the left, words on the right) or
 *               {@code band} (artwork across the top, words below)
 * @param motif  what the artwork draws: {@code sparks}, {@code lanterns}, {@code blossom}, {@code rain},
 *               {@code leaves}, {@code waves}, {@code sun}, {@code lotus}, {@code moon}, {@code maple},
 *               {@code harvest} or {@code snow}
 */
public record CardDesign(int number, String name, CardSize size, String layout, String motif, Cmyk paper, Cmyk ink,
        Cmyk accent, Cmyk art) {

    /** A CMYK colour, each part from 0 to 1. */
    public record Cmyk(double c, double m, double y, double k) {
        /** As CSS for the PDF renderer: {@code cmyk(0, 0.5, 1, 0)}. */
        public String css() {
            return "cmyk(" + part(c) + ", " + part(m) + ", " + part(y) + ", " + part(k) + ")";
        }

        private static String part(double value) {
            return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
        }

        /** The screen colour nearest to it, for the artwork's pixels. */
        public java.awt.Color rgb() {
            return new java.awt.Color((int) Math.round(255 * (1 - c) * (1 - k)), (int) Math.round(255 * (1 - m) * (1 - k)),
                    (int) Math.round(255 * (1 - y) * (1 - k)));
        }
    }

    /** An id for files and the manifest: {@code 03-blossom}. */
    public String id() {
        return String.format("%02d-%s", number, motif);
    }

    /** What a template sees as {@code design}: plain strings and numbers. */
    public Map<String, Object> model() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("number", number);
        m.put("id", id());
        m.put("name", name);
        m.put("size", size.label());
        m.put("layout", layout);
        m.put("motif", motif);
        m.put("paper", paper.css());
        m.put("ink", ink.css());
        m.put("accent", accent.css());
        m.put("art", Artwork.uri(this));
        double[] art = Artwork.box(this);
        m.put("artWidth", inches(art[0]));
        m.put("artHeight", inches(art[1]));
        m.put("pageWidth", inches(size.pageWidthInches()));
        m.put("pageHeight", inches(size.pageHeightInches()));
        return m;
    }

    /** A length for CSS, independent of the locale: {@code 6.25in}. */
    static String inches(double value) {
        return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString() + "in";
    }
}
