package dev.girard.channel.postcard;

/**
 * The card sizes print shops and the USPS know, as trimmed, landscape (the address side reads along the
 * long edge). Every page is printed with {@link #BLEED_INCHES} extra on each side, which is cut off.
 */
public enum CardSize {
    /** The standard postcard: 6 × 4 in, First-Class card rate in the USPS. */
    SMALL("4x6", 6, 4),
    /** 9 × 6 in: a large postcard, mailed at letter rates. */
    MEDIUM("6x9", 9, 6),
    /** 11 × 6 in: the largest letter-size "jumbo" postcard. */
    LARGE("6x11", 11, 6);

    public static final double BLEED_INCHES = 0.125;
    public static final double POINTS_PER_INCH = 72;

    private final String label;
    private final double trimWidth;
    private final double trimHeight;

    CardSize(String label, double trimWidth, double trimHeight) {
        this.label = label;
        this.trimWidth = trimWidth;
        this.trimHeight = trimHeight;
    }

    /** As a print shop writes it: 4x6, 6x9, 6x11. */
    public String label() {
        return label;
    }

    public double trimWidthInches() {
        return trimWidth;
    }

    public double trimHeightInches() {
        return trimHeight;
    }

    /** The page with bleed: 6.25 × 4.25 in for a 6 × 4 card. */
    public double pageWidthInches() {
        return trimWidth + 2 * BLEED_INCHES;
    }

    public double pageHeightInches() {
        return trimHeight + 2 * BLEED_INCHES;
    }
}
