package dev.girard.channel.postcard;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

import javax.imageio.ImageIO;

/**
 * The front artwork of each design, drawn here rather than shipped: a PNG at exactly 300 pixels per inch
 * of the area it fills on the card, drawn once per design and kept in memory. Templates refer to it as
 * {@code girard:art/N}; nothing else can be loaded into a card.
 */
public final class Artwork {
    public static final int DPI = 300;
    static final String SCHEME = "girard";
    private static final Map<Integer, byte[]> PNG = new ConcurrentHashMap<>();

    private Artwork() {
    }

    /** The address templates use for a design's artwork. */
    public static String uri(CardDesign design) {
        return SCHEME + ":art/" + design.number();
    }

    /** The artwork's area on the front in inches, width and height, by the design's layout. */
    public static double[] box(CardDesign design) {
        CardSize size = design.size();
        double w = size.pageWidthInches();
        double h = size.pageHeightInches();
        return switch (design.layout()) {
            case "full" -> new double[] {w, h};
            case "split" -> new double[] {w / 2, h};
            case "band" -> new double[] {w, round(h * 0.5)};
            default -> new double[] {w - 1.0, h - 1.75};
        };
    }

    private static double round(double inches) {
        return Math.round(inches * 100) / 100.0;
    }

    /** The PNG for {@code girard:art/N}, or null for any other address. */
    static byte[] forUri(String uri) {
        if (uri == null || !uri.startsWith(SCHEME + ":art/")) {
            return null;
        }
        int number;
        try {
            number = Integer.parseInt(uri.substring((SCHEME + ":art/").length()));
        } catch (NumberFormatException e) {
            return null;
        }
        if (number < 1 || number > CardDesigns.all().size()) {
            return null;
        }
        return PNG.computeIfAbsent(number, n -> draw(CardDesigns.get(n)));
    }

    private static byte[] draw(CardDesign design) {
        double[] box = box(design);
        int width = (int) Math.round(box[0] * DPI);
        int height = (int) Math.round(box[1] * DPI);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            boolean dark = design.layout().equals("full");
            g.setColor(dark ? design.paper().rgb() : blend(design.paper().rgb(), design.art().rgb(), 0.18));
            g.fill(new Rectangle2D.Double(0, 0, width, height));
            new Motif(g, width, height, design).draw();
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static Color blend(Color a, Color b, double share) {
        return new Color((int) (a.getRed() * (1 - share) + b.getRed() * share),
                (int) (a.getGreen() * (1 - share) + b.getGreen() * share),
                (int) (a.getBlue() * (1 - share) + b.getBlue() * share));
    }

    /** Simple shapes scattered with a fixed seed, so a design looks the same on every card and every run. */
    private static final class Motif {
        private final Graphics2D g;
        private final int width;
        private final int height;
        private final CardDesign design;
        private final Random random;
        private final Color art;
        private final Color accent;

        Motif(Graphics2D g, int width, int height, CardDesign design) {
            this.g = g;
            this.width = width;
            this.height = height;
            this.design = design;
            this.random = new Random(1000L + design.number());
            this.art = design.art().rgb();
            this.accent = design.accent().rgb();
        }

        void draw() {
            int unit = Math.min(width, height);
            switch (design.motif()) {
                case "sparks", "snow" -> scatter(14, unit / 5, this::burst);
                case "lanterns" -> scatter(9, unit / 4, this::lantern);
                case "blossom", "lotus", "harvest" -> scatter(16, unit / 5, this::flower);
                case "rain" -> scatter(60, unit / 10, this::drop);
                case "leaves", "maple" -> scatter(24, unit / 5, this::leaf);
                case "waves" -> waves(unit);
                case "sun", "moon" -> orb(unit);
                default -> scatter(12, unit / 5, this::flower);
            }
        }

        private interface Shape {
            void at(double x, double y, double size);
        }

        private void scatter(int count, double size, Shape shape) {
            for (int i = 0; i < count; i++) {
                double s = size * (0.5 + random.nextDouble());
                double x = random.nextDouble() * width;
                double y = random.nextDouble() * height;
                // on a full-bleed front the greeting sits in the lower left: keep the shapes out of its way
                if (design.layout().equals("full") && x < width * 0.8 + s && y > height * 0.55 - s) {
                    continue;
                }
                shape.at(x, y, s);
            }
        }

        private void burst(double x, double y, double size) {
            g.setColor(random.nextBoolean() ? art : accent);
            g.setStroke(new BasicStroke((float) (size / 18), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            int rays = design.motif().equals("snow") ? 6 : 12;
            for (int i = 0; i < rays; i++) {
                double a = 2 * Math.PI * i / rays;
                g.draw(new java.awt.geom.Line2D.Double(x + Math.cos(a) * size * 0.15, y + Math.sin(a) * size * 0.15,
                        x + Math.cos(a) * size / 2, y + Math.sin(a) * size / 2));
            }
        }

        private void lantern(double x, double y, double size) {
            g.setColor(art);
            g.fill(new Ellipse2D.Double(x - size / 2, y - size * 0.4, size, size * 0.8));
            g.setColor(accent.darker());
            g.fill(new Rectangle2D.Double(x - size * 0.2, y - size * 0.5, size * 0.4, size * 0.12));
            g.fill(new Rectangle2D.Double(x - size * 0.2, y + size * 0.38, size * 0.4, size * 0.12));
            g.setStroke(new BasicStroke((float) (size / 40)));
            g.draw(new java.awt.geom.Line2D.Double(x, y - size * 0.5, x, y - size * 1.2));
        }

        private void flower(double x, double y, double size) {
            int petals = design.motif().equals("lotus") ? 8 : 5;
            g.setColor(art);
            for (int i = 0; i < petals; i++) {
                AffineTransform saved = g.getTransform();
                g.rotate(2 * Math.PI * i / petals, x, y);
                g.fill(new Ellipse2D.Double(x - size * 0.14, y - size * 0.5, size * 0.28, size * 0.5));
                g.setTransform(saved);
            }
            g.setColor(accent);
            g.fill(new Ellipse2D.Double(x - size * 0.1, y - size * 0.1, size * 0.2, size * 0.2));
        }

        private void drop(double x, double y, double size) {
            g.setColor(random.nextInt(4) == 0 ? accent : art);
            Path2D.Double d = new Path2D.Double();
            d.moveTo(x, y - size / 2);
            d.curveTo(x + size * 0.35, y, x + size * 0.25, y + size / 2, x, y + size / 2);
            d.curveTo(x - size * 0.25, y + size / 2, x - size * 0.35, y, x, y - size / 2);
            g.fill(d);
        }

        private void leaf(double x, double y, double size) {
            AffineTransform saved = g.getTransform();
            g.rotate(random.nextDouble() * Math.PI, x, y);
            g.setColor(random.nextInt(3) == 0 ? accent : art);
            if (design.motif().equals("maple")) {
                Path2D.Double star = new Path2D.Double();
                for (int i = 0; i < 10; i++) {
                    double r = i % 2 == 0 ? size / 2 : size / 5;
                    double a = Math.PI * i / 5;
                    if (i == 0) {
                        star.moveTo(x + Math.cos(a) * r, y + Math.sin(a) * r);
                    } else {
                        star.lineTo(x + Math.cos(a) * r, y + Math.sin(a) * r);
                    }
                }
                star.closePath();
                g.fill(star);
            } else {
                g.fill(new Ellipse2D.Double(x - size / 2, y - size * 0.18, size, size * 0.36));
            }
            g.setTransform(saved);
        }

        private void waves(int unit) {
            g.setStroke(new BasicStroke(unit / 40f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            for (int row = 0; row < 9; row++) {
                g.setColor(row % 3 == 0 ? accent : art);
                Path2D.Double wave = new Path2D.Double();
                double base = height * (row + 1) / 10.0;
                wave.moveTo(0, base);
                for (int x = 0; x <= width; x += Math.max(1, width / 200)) {
                    wave.lineTo(x, base + Math.sin(x * 2 * Math.PI / (unit * 0.6) + row) * unit / 30.0);
                }
                g.draw(wave);
            }
        }

        private void orb(int unit) {
            g.setColor(art);
            double r = unit * 0.3;
            double cx = width * 0.68;
            double cy = height * 0.42;
            g.fill(new Ellipse2D.Double(cx - r, cy - r, 2 * r, 2 * r));
            g.setColor(accent);
            if (design.motif().equals("sun")) {
                g.setStroke(new BasicStroke(unit / 60f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                for (int i = 0; i < 16; i++) {
                    double a = 2 * Math.PI * i / 16;
                    g.draw(new java.awt.geom.Line2D.Double(cx + Math.cos(a) * r * 1.15, cy + Math.sin(a) * r * 1.15,
                            cx + Math.cos(a) * r * 1.5, cy + Math.sin(a) * r * 1.5));
                }
            } else {
                scatter(30, unit / 40.0, (x, y, s) -> g.fill(new Ellipse2D.Double(x, y, s, s)));
            }
        }
    }
}
