package dev.girard.channel.postcard;

import java.util.List;

import dev.girard.channel.postcard.CardDesign.Cmyk;

/**
 * Joe Girard's rotation: a different card every month, in a different size, layout and colour, so people
 * keep them. The run's month picks the design; a customer whose previous card had that design gets the
 * next one instead, so nobody gets the same card twice in a row. Neighbouring months never share a size.
 */
public final class CardDesigns {
    private static final List<CardDesign> ALL = List.of(
            new CardDesign(1, "New Year fireworks", CardSize.MEDIUM, "full", "sparks",
                    new Cmyk(1, 0.8, 0.3, 0.45), new Cmyk(0, 0, 0.1, 0), new Cmyk(0, 0.3, 1, 0.1), new Cmyk(0, 0.25, 0.9, 0)),
            new CardDesign(2, "Spring Festival lanterns", CardSize.SMALL, "framed", "lanterns",
                    new Cmyk(0, 0.02, 0.08, 0), new Cmyk(0, 1, 1, 0.35), new Cmyk(0, 1, 0.9, 0.05), new Cmyk(0, 0.95, 0.9, 0)),
            new CardDesign(3, "Spring blossom", CardSize.LARGE, "split", "blossom",
                    new Cmyk(0, 0.08, 0.04, 0), new Cmyk(0.5, 0, 0.6, 0.6), new Cmyk(0, 0.6, 0.2, 0), new Cmyk(0, 0.45, 0.15, 0)),
            new CardDesign(4, "April showers", CardSize.SMALL, "band", "rain",
                    new Cmyk(0.06, 0.06, 0, 0), new Cmyk(0.7, 0.7, 0, 0.3), new Cmyk(0.45, 0.55, 0, 0), new Cmyk(0.35, 0.3, 0, 0)),
            new CardDesign(5, "May garden", CardSize.MEDIUM, "framed", "leaves",
                    new Cmyk(0.05, 0, 0.1, 0), new Cmyk(0.8, 0.2, 0.9, 0.4), new Cmyk(0.7, 0, 1, 0.1), new Cmyk(0.55, 0, 0.85, 0)),
            new CardDesign(6, "Summer sea", CardSize.LARGE, "full", "waves",
                    new Cmyk(0.85, 0.1, 0.3, 0.1), new Cmyk(0, 0, 0.05, 0), new Cmyk(0, 0.1, 0.4, 0), new Cmyk(0.55, 0, 0.2, 0)),
            new CardDesign(7, "Sunshine", CardSize.SMALL, "split", "sun",
                    new Cmyk(0, 0.05, 0.2, 0), new Cmyk(0, 0.6, 1, 0.3), new Cmyk(0, 0.5, 1, 0), new Cmyk(0, 0.3, 1, 0)),
            new CardDesign(8, "Lotus pond", CardSize.MEDIUM, "band", "lotus",
                    new Cmyk(0.08, 0, 0.06, 0), new Cmyk(0.8, 0.2, 0.6, 0.45), new Cmyk(0, 0.7, 0.25, 0), new Cmyk(0.6, 0, 0.45, 0)),
            new CardDesign(9, "Mid-Autumn moon", CardSize.LARGE, "full", "moon",
                    new Cmyk(0.9, 0.85, 0.2, 0.35), new Cmyk(0, 0.05, 0.25, 0), new Cmyk(0, 0.25, 0.8, 0), new Cmyk(0, 0.15, 0.6, 0)),
            new CardDesign(10, "Maple leaves", CardSize.SMALL, "framed", "maple",
                    new Cmyk(0, 0.04, 0.12, 0), new Cmyk(0.2, 0.8, 1, 0.5), new Cmyk(0, 0.75, 1, 0.15), new Cmyk(0, 0.7, 1, 0)),
            new CardDesign(11, "Harvest thanks", CardSize.MEDIUM, "split", "harvest",
                    new Cmyk(0, 0.08, 0.2, 0.02), new Cmyk(0.3, 0.6, 0.9, 0.55), new Cmyk(0.1, 0.5, 1, 0.2), new Cmyk(0, 0.4, 0.95, 0.1)),
            new CardDesign(12, "Winter snow", CardSize.LARGE, "band", "snow",
                    new Cmyk(0.04, 0, 0, 0), new Cmyk(0.9, 0.3, 0.7, 0.5), new Cmyk(0, 1, 0.85, 0.2), new Cmyk(0.8, 0.2, 0.7, 0.3)));

    private CardDesigns() {
    }

    public static List<CardDesign> all() {
        return ALL;
    }

    /** @param number 1 to 12 */
    public static CardDesign get(int number) {
        if (number < 1 || number > ALL.size()) {
            throw new IllegalArgumentException("There is no card design " + number + " (1 to 12)");
        }
        return ALL.get(number - 1);
    }

    /**
     * The design for a card in this month.
     *
     * @param previous the design of the customer's previous card, or null if this is their first
     */
    public static CardDesign choose(int month, Integer previous) {
        CardDesign design = get(month);
        return previous != null && previous == design.number() ? get(month % ALL.size() + 1) : design;
    }
}
