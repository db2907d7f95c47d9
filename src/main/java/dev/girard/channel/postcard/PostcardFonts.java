package dev.girard.channel.postcard;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;

/**
 * The TrueType fonts embedded in every card, in fallback order, read once at start. A missing or unusable
 * font stops the start with what to install, instead of cards printed with {@code #} for every character
 * no font has.
 */
public final class PostcardFonts {
    /** One font: its file, its bytes and the family name cards use for it. */
    record Font(Path file, byte[] bytes, String family) {
        InputStream open() {
            return new java.io.ByteArrayInputStream(bytes);
        }
    }

    private final List<Font> fonts;

    private PostcardFonts(List<Font> fonts) {
        this.fonts = List.copyOf(fonts);
    }

    /**
     * Reads and checks the fonts: each must be a TrueType font with glyph outlines (PDFBox cannot embed
     * CFF-flavoured OpenType such as Noto CJK), and together they must draw both Latin and Chinese text.
     *
     * @param list comma-separated font files, as in {@code girard.postcard.fonts}
     * @throws IllegalStateException naming the file and what to do
     */
    public static PostcardFonts load(String list) {
        List<Font> fonts = new ArrayList<>();
        boolean latin = false;
        boolean chinese = false;
        int n = 0;
        for (String entry : list.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            Path file = Path.of(entry.strip());
            if (!Files.isRegularFile(file)) {
                throw new IllegalStateException("Postcard font " + file + " (girard.postcard.fonts) does not exist. "
                        + HOW_TO_FIX);
            }
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (IOException e) {
                throw new IllegalStateException("Postcard font " + file + " cannot be read: " + e.getMessage(), e);
            }
            try (TrueTypeFont font = new TTFParser().parse(new RandomAccessReadBuffer(bytes))) {
                if (font.getGlyph() == null) {
                    throw new IllegalStateException("Postcard font " + file + " has no TrueType outlines (glyf table); "
                            + "OpenType fonts with CFF outlines, such as Noto CJK .otf, cannot be embedded. " + HOW_TO_FIX);
                }
                latin |= font.getUnicodeCmapLookup().getGlyphId('A') > 0;
                chinese |= font.getUnicodeCmapLookup().getGlyphId('\u6211') > 0;
            } catch (IOException e) {
                throw new IllegalStateException("Postcard font " + file + " is not a TrueType font: " + e.getMessage()
                        + ". " + HOW_TO_FIX, e);
            }
            fonts.add(new Font(file, bytes, "girard-font-" + (++n)));
        }
        if (!chinese) {
            throw new IllegalStateException("None of the postcard fonts (girard.postcard.fonts = " + list
                    + ") has Chinese characters. " + HOW_TO_FIX);
        }
        if (!latin) {
            throw new IllegalStateException("None of the postcard fonts (girard.postcard.fonts = " + list
                    + ") has Latin letters. " + HOW_TO_FIX);
        }
        return new PostcardFonts(fonts);
    }

    private static final String HOW_TO_FIX = "On Debian or Ubuntu: apt-get install fonts-dejavu-core fonts-droid-fallback; "
            + "elsewhere set girard.postcard.fonts to TrueType (.ttf) files with Latin and Chinese characters.";

    List<Font> fonts() {
        return fonts;
    }

    /** The CSS font-family list that makes every character fall back through the fonts in order. */
    String cssFamilies() {
        return String.join(", ", fonts.stream().map(f -> "'" + f.family() + "'").toList());
    }
}
