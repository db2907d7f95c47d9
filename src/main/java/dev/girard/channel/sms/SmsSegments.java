package dev.girard.channel.sms;

/**
 * How a text travels and what it costs: GSM-7 when every character is in the GSM 03.38 alphabet (its
 * extension characters such as € take two septets), otherwise UCS-2 (characters outside the Basic
 * Multilingual Plane, such as most emoji, take two UTF-16 units). One segment holds 160 septets or 70
 * units; a longer text is split into parts of 153 septets or 67 units, and no character is split across
 * two parts, so a two-unit character that does not fit opens the next part.
 */
public final class SmsSegments {
    private static final String GSM_BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private static final String GSM_EXTENSION = "\f^{}\\[~]|€";
    /** The alphabet as bit sets over code points, so a text is classified with one look-up per character. */
    private static final java.util.BitSet BASIC = bits(GSM_BASIC);
    private static final java.util.BitSet EXTENSION = bits(GSM_EXTENSION);

    public enum Encoding { GSM_7, UCS_2 }

    /**
     * @param characters Unicode characters (code points) in the text
     * @param units      septets (GSM-7) or UTF-16 units (UCS-2) the text takes
     * @param segments   messages the network carries; 0 for an empty text
     */
    public record Count(Encoding encoding, int characters, int units, int segments) {
        /** The price of this text at {@code microsPerSegment} (millionths of the currency unit) a segment. */
        public long costMicros(long microsPerSegment) {
            return segments * microsPerSegment;
        }
    }

    private SmsSegments() {
    }

    public static Count count(String text) {
        boolean gsm = text.codePoints().allMatch(SmsSegments::isGsm);
        Encoding encoding = gsm ? Encoding.GSM_7 : Encoding.UCS_2;
        int single = gsm ? 160 : 70;
        int part = gsm ? 153 : 67;
        int characters = 0;
        int units = 0;
        int segments = 0;
        int used = part;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            int width = gsm ? (EXTENSION.get(codePoint) ? 2 : 1) : Character.charCount(codePoint);
            characters++;
            units += width;
            if (used + width > part) {
                segments++;
                used = 0;
            }
            used += width;
            i += Character.charCount(codePoint);
        }
        if (units > 0 && units <= single) {
            segments = 1;
        }
        return new Count(encoding, characters, units, segments);
    }

    private static boolean isGsm(int codePoint) {
        return codePoint < 0x10000 && (BASIC.get(codePoint) || EXTENSION.get(codePoint));
    }

    private static java.util.BitSet bits(String characters) {
        java.util.BitSet set = new java.util.BitSet();
        characters.chars().forEach(set::set);
        return set;
    }
}
