package dev.girard.channel.postcard;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.girard.customer.Customer;

/**
 * A complete postal address: a name, a street line, a city, a postal code (except where the country has
 * none) and a country. Lines are written the way the destination country's post reads them.
 */
public record PostalAddress(String name, String line1, String line2, String city, String region, String postalCode,
        String country) {
    /** Countries and territories whose post uses no postal codes. */
    private static final Set<String> WITHOUT_POSTAL_CODES = Set.of("HK", "MO", "AE", "QA", "BS", "JM", "FJ");
    /** Countries that write the postal code before the city on one line (most of continental Europe). */
    private static final Set<String> CODE_BEFORE_CITY = Set.of("DE", "FR", "IT", "ES", "NL", "BE", "AT", "CH", "DK",
            "NO", "SE", "FI", "PL", "PT", "CZ", "SK", "HU", "LU", "IS", "GR", "HR", "SI", "RO", "BG", "EE", "LV", "LT");
    /** Countries that write the postal code on a line of its own, after the city. */
    private static final Set<String> CODE_ON_OWN_LINE = Set.of("GB", "IE", "SG");

    /** The customer's address if it is complete enough for the post; empty otherwise. */
    public static Optional<PostalAddress> of(Customer c) {
        PostalAddress a = new PostalAddress(c.fullName(), c.addressLine1(), c.addressLine2(), c.city(), c.region(),
                c.postalCode(), c.country() == null ? null : c.country().toUpperCase(Locale.ROOT));
        return a.complete() ? Optional.of(a) : Optional.empty();
    }

    /** From the {@code customer} map of a message's data model (see MessageModel). */
    @SuppressWarnings("unchecked")
    static PostalAddress fromModel(Map<String, Object> model) {
        Map<String, Object> customer = (Map<String, Object>) model.get("customer");
        Map<String, Object> a = (Map<String, Object>) customer.get("address");
        return new PostalAddress(text(customer.get("fullName")), text(a.get("line1")), text(a.get("line2")),
                text(a.get("city")), text(a.get("region")), text(a.get("postalCode")), text(a.get("country")));
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }

    private boolean complete() {
        return has(name) && has(line1) && has(city) && has(country) && country.length() == 2
                && (has(postalCode) || WITHOUT_POSTAL_CODES.contains(country));
    }

    private static boolean has(String value) {
        return value != null && !value.isBlank();
    }

    /**
     * The lines of the address block. China: postal code, then the address from the largest place to the
     * smallest, then the name. Elsewhere: name, street, then city and postal code in the country's order.
     * The country comes last, in capitals, unless it is the country the cards are posted in.
     */
    public List<String> lines(String homeCountry) {
        List<String> lines = new ArrayList<>();
        if (country.equals("CN") || country.equals("TW")) {
            if (has(postalCode)) {
                lines.add(postalCode.strip());
            }
            lines.add(join("", region, city.equals(region) ? null : city, line1).strip());
            addIfPresent(lines, line2);
            lines.add(name.strip());
        } else {
            lines.add(name.strip());
            lines.add(line1.strip());
            addIfPresent(lines, line2);
            if (CODE_BEFORE_CITY.contains(country)) {
                lines.add(join(" ", postalCode, city));
                addIfPresent(lines, region);
            } else if (CODE_ON_OWN_LINE.contains(country)) {
                lines.add(join(" ", city, region));
                addIfPresent(lines, postalCode);
            } else {
                lines.add(join(" ", has(region) ? city.strip() + "," : city, region, postalCode));
            }
        }
        if (!country.equals(homeCountry)) {
            lines.add(new Locale("", country).getDisplayCountry(Locale.ENGLISH).toUpperCase(Locale.ROOT));
        }
        return lines;
    }

    /** On one line: what the delivery records as the address, and what a suppression matches. */
    public String oneLine() {
        String line = join(", ", line1, line2, city, region, postalCode, country);
        // the outbox keeps at most 320 characters of an address
        return line.length() <= 320 ? line : line.substring(0, 320);
    }

    private static void addIfPresent(List<String> lines, String value) {
        if (has(value)) {
            lines.add(value.strip());
        }
    }

    private static String join(String separator, String... parts) {
        List<String> present = new ArrayList<>();
        for (String part : parts) {
            if (has(part)) {
                present.add(part.strip());
            }
        }
        return String.join(separator, present);
    }
}
