package dev.girard.web.admin;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import javax.imageio.ImageIO;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;

/** A postcard's PDF pages (front, back) drawn side by side as one PNG, for browsers that show no PDF inline. */
final class PostcardImage {
    private static final float DPI = 96;
    private static final int GAP = 24;

    private PostcardImage() {
    }

    static byte[] sideBySide(byte[] pdf) {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            PDFRenderer renderer = new PDFRenderer(document);
            // the artwork is 300 dpi for print; a 96-dpi preview may read every few pixels of it
            renderer.setSubsamplingAllowed(true);
            int pages = document.getNumberOfPages();
            BufferedImage[] images = new BufferedImage[pages];
            int width = 0;
            int height = 0;
            for (int i = 0; i < pages; i++) {
                images[i] = renderer.renderImageWithDPI(i, DPI);
                width += images[i].getWidth() + (i == 0 ? 0 : GAP);
                height = Math.max(height, images[i].getHeight());
            }
            BufferedImage both = new BufferedImage(Math.max(width, 1), Math.max(height, 1), BufferedImage.TYPE_INT_RGB);
            Graphics2D g = both.createGraphics();
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, both.getWidth(), both.getHeight());
            int x = 0;
            for (BufferedImage image : images) {
                g.drawImage(image, x, 0, null);
                x += image.getWidth() + GAP;
            }
            g.dispose();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(both, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
