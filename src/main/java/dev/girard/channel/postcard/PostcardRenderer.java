package dev.girard.channel.postcard;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.util.List;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;

import com.openhtmltopdf.extend.FSStream;
import com.openhtmltopdf.outputdevice.helper.ExternalResourceControlPriority;
import com.openhtmltopdf.pdfboxout.PdfBoxRenderer;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;

import dev.girard.render.Sender;

/**
 * Lays out cards of one design as print-ready PDF pages: each card a front page, then its back page, at
 * the card's trimmed size plus 0.125 in bleed on every side (MediaBox and BleedBox), with the TrimBox
 * telling the print shop where to cut. Fonts are embedded as subsets; artwork is 300 dpi.
 *
 * <p>The back follows the USPS layout for cards (Domestic Mail Manual 201 and 202, Quick Service Guide
 * 201a and 202): the delivery address on the right half, inside the OCR read area (at least 1/2 in from the
 * left and right edges, its lowest line at least 5/8 in and its top at most 2 3/4 in above the bottom edge),
 * postage in the upper right corner, the return address in the upper left, the message on the left half,
 * and nothing printed in the barcode clear zone (the lowest 5/8 in, 4 3/4 in from the right edge). The same
 * places suit China Post and the Royal Mail, which read the address on the right too.
 */
public final class PostcardRenderer {
    private static final double BLEED = CardSize.BLEED_INCHES;
    /** Text stays this far inside the trim, where the cut may wander. */
    private static final double SAFE = 0.125;
    /** Height above the bottom edge that the barcode clear zone keeps free (5/8 in), plus a margin. */
    static final double CLEAR_ZONE_INCHES = 0.625;
    private static final double ADDRESS_BOTTOM = 0.75;
    /** The top of the OCR read area: the address block stays below 2 3/4 in above the bottom edge. */
    static final double OCR_TOP_INCHES = 2.75;

    private final PostcardFonts fonts;
    private final Sender sender;
    private final String homeCountry;

    public PostcardRenderer(PostcardFonts fonts, Sender sender, String homeCountry) {
        this.fonts = fonts;
        this.sender = sender;
        this.homeCountry = homeCountry;
        PdfLog.install();
    }

    /** One card: the template's front and message side (XHTML fragments) and the address block's lines. */
    public record Card(String front, String message, List<String> addressLines) {
    }

    /**
     * Writes the cards of one design as a PDF, front and back pages in order.
     *
     * @param style the template's CSS for this design
     */
    public void render(CardDesign design, String style, List<Card> cards, String title, OutputStream out) throws IOException {
        PdfRendererBuilder builder = new PdfRendererBuilder();
        builder.useFastMode();
        for (PostcardFonts.Font font : fonts.fonts()) {
            builder.useFont(font::open, font.family());
        }
        // cards load nothing from outside: only the built-in artwork, by its girard: address
        builder.useProtocolsStreamImplementation(uri -> artwork(uri), Artwork.SCHEME);
        builder.useUriResolver((base, uri) -> uri);
        builder.useExternalResourceAccessControl((uri, type) -> uri != null && uri.startsWith(Artwork.SCHEME + ":"),
                ExternalResourceControlPriority.RUN_BEFORE_RESOLVING_URI);
        builder.useExternalResourceAccessControl((uri, type) -> uri != null && uri.startsWith(Artwork.SCHEME + ":"),
                ExternalResourceControlPriority.RUN_AFTER_RESOLVING_URI);
        builder.withHtmlContent(document(design, style, cards), null);
        try (PdfBoxRenderer renderer = builder.buildPdfRenderer()) {
            renderer.createPDFWithoutClosing();
            PDDocument pdf = renderer.getPdfDocument();
            float bleed = (float) (BLEED * CardSize.POINTS_PER_INCH);
            for (PDPage page : pdf.getPages()) {
                PDRectangle media = page.getMediaBox();
                page.setBleedBox(media);
                page.setTrimBox(new PDRectangle(media.getLowerLeftX() + bleed, media.getLowerLeftY() + bleed,
                        media.getWidth() - 2 * bleed, media.getHeight() - 2 * bleed));
            }
            PDDocumentInformation info = pdf.getDocumentInformation();
            info.setTitle(title);
            info.setCreator("Girard");
            info.setSubject(cards.size() + " cards, " + design.size().label() + " in, design " + design.id()
                    + ", front and back pages in order, 0.125 in bleed");
            pdf.save(out);
        }
    }

    private static FSStream artwork(String uri) {
        byte[] png = Artwork.forUri(uri);
        return new FSStream() {
            @Override
            public InputStream getStream() {
                return png == null ? null : new ByteArrayInputStream(png);
            }

            @Override
            public Reader getReader() {
                return null;
            }
        };
    }

    /** The whole batch as one XHTML document. */
    String document(CardDesign design, String style, List<Card> cards) {
        CardSize size = design.size();
        double w = size.pageWidthInches();
        double h = size.pageHeightInches();
        double trimW = size.trimWidthInches();
        double half = BLEED + trimW / 2;
        StringBuilder html = new StringBuilder(4096 + cards.size() * 3000);
        html.append("<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><style>\n")
                .append("@page { size: ").append(in(w)).append(' ').append(in(h)).append("; margin: 0 }\n")
                .append("html, body { margin: 0; padding: 0 }\n")
                .append("body { font-family: ").append(fonts.cssFamilies()).append("; }\n")
                .append(".page { position: relative; width: ").append(in(w)).append("; height: ").append(in(h))
                .append("; overflow: hidden; margin: 0; padding: 0 }\n")
                .append(".page + .page { page-break-before: always }\n")
                .append(".back { background-color: cmyk(0, 0, 0, 0) }\n")
                .append(".back .message { position: absolute; left: ").append(in(BLEED + SAFE + 0.125)).append("; top: ")
                .append(in(BLEED + SAFE + 0.125)).append("; width: ").append(in(trimW / 2 - SAFE - 0.125 - 0.25))
                .append("; height: ").append(in(size.trimHeightInches() - SAFE - 0.125 - ADDRESS_BOTTOM))
                .append("; overflow: hidden }\n")
                .append(".back .return { font-size: 6.5pt; line-height: 1.25; color: cmyk(0, 0, 0, 0.75); margin-bottom: 0.12in }\n")
                .append(".back .divider { position: absolute; left: ").append(in(half)).append("; top: ")
                .append(in(BLEED + 0.5)).append("; height: ").append(in(size.trimHeightInches() - 0.5 - ADDRESS_BOTTOM))
                .append("; width: 0; border-left: 0.5pt solid cmyk(0, 0, 0, 0.35) }\n")
                .append(".back .postage { position: absolute; right: ").append(in(BLEED + 0.25)).append("; top: ")
                .append(in(BLEED + 0.25)).append("; width: 0.85in; height: 1in; border: 0.5pt solid cmyk(0, 0, 0, 0.35);")
                .append(" font-size: 5.5pt; text-align: center; color: cmyk(0, 0, 0, 0.5) }\n")
                .append(".back .address { position: absolute; left: ").append(in(half + 0.25)).append("; right: ")
                .append(in(BLEED + 0.5)).append("; bottom: ").append(in(BLEED + ADDRESS_BOTTOM)).append("; font-size: ")
                .append(size == CardSize.SMALL ? "9.5pt" : "11pt")
                .append("; line-height: 1.3; color: cmyk(0, 0, 0, 1) }\n")
                .append(style == null ? "" : style)
                .append("\n</style></head><body>\n");
        for (Card card : cards) {
            html.append("<div class=\"page front\">").append(card.front()).append("</div>\n");
            html.append("<div class=\"page back\"><div class=\"message\"><div class=\"return\">")
                    .append(escape(sender.name())).append("<br/>").append(escape(sender.address())).append("</div>")
                    .append(card.message()).append("</div><div class=\"divider\"></div>")
                    .append("<div class=\"postage\"></div><div class=\"address\">");
            for (int i = 0; i < card.addressLines().size(); i++) {
                html.append(i == 0 ? "" : "<br/>").append(escape(card.addressLines().get(i)));
            }
            html.append("</div></div>\n");
        }
        return html.append("</body></html>").toString();
    }

    /** The address block's lines for a card to this address. */
    public List<String> addressLines(PostalAddress address) {
        return address.lines(homeCountry);
    }

    private static String in(double inches) {
        return CardDesign.inches(Math.round(inches * 10_000) / 10_000.0);
    }

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    // characters XML 1.0 does not allow would stop the whole batch
                    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
