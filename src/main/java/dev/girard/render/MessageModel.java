package dev.girard.render;

import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.girard.customer.Customer;
import dev.girard.holiday.HolidayCalendar;

/**
 * Builds the data model a template sees: plain maps, strings and numbers only, so a template can read
 * values but never call into Girard. Absent optional values are empty strings, which templates test with
 * {@code ?has_content}.
 */
public final class MessageModel {
    private MessageModel() {
    }

    /**
     * @param when the moment the message is for (the campaign's fire time in its time zone); sets month and year
     */
    public static Map<String, Object> of(Customer customer, String campaignName, String occurrenceKey,
            ZonedDateTime when, Sender sender, String unsubscribeUrl) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("customer", customer(customer));
        model.put("lang", customer.isChinese() ? "zh" : "en");
        model.put("month", when.getMonthValue());
        model.put("year", when.getYear());
        model.put("campaign", Map.of("name", campaignName));
        model.put("occurrence", occurrenceKey);
        model.put("holiday", holiday(occurrenceKey, customer.locale()));
        model.put("sender", Map.of("name", sender.name(), "email", sender.email(), "address", sender.address()));
        model.put("unsubscribeUrl", unsubscribeUrl == null ? "" : unsubscribeUrl);
        return model;
    }

    /**
     * The holiday a holiday segment's occurrence key names (holiday:mid-autumn:2027), with its name in the
     * customer's language; empty strings for any other key.
     */
    static Map<String, Object> holiday(String occurrenceKey, String locale) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", "");
        m.put("name", "");
        m.put("date", "");
        String[] parts = occurrenceKey == null ? new String[0] : occurrenceKey.split(":");
        if (parts.length == 3 && parts[0].equals("holiday") && parts[2].matches("\\d{4}")) {
            HolidayCalendar.find(parts[1], Integer.parseInt(parts[2])).ifPresent(h -> {
                m.put("id", h.id());
                m.put("name", h.name(locale));
                m.put("date", h.date().toString());
            });
        }
        return m;
    }

    private static Map<String, Object> customer(Customer c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id() == null ? 0 : c.id());
        m.put("externalId", c.externalId());
        m.put("firstName", c.firstName());
        m.put("lastName", c.lastName());
        m.put("fullName", c.fullName());
        m.put("email", orEmpty(c.email()));
        m.put("phone", orEmpty(c.phone()));
        m.put("city", orEmpty(c.city()));
        Map<String, Object> address = new LinkedHashMap<>();
        address.put("line1", orEmpty(c.addressLine1()));
        address.put("line2", orEmpty(c.addressLine2()));
        address.put("city", orEmpty(c.city()));
        address.put("region", orEmpty(c.region()));
        address.put("postalCode", orEmpty(c.postalCode()));
        address.put("country", orEmpty(c.country()));
        m.put("address", address);
        m.put("birthday", c.birthday() == null ? "" : c.birthday().toString());
        m.put("locale", orEmpty(c.locale()));
        Map<String, Object> attributes = new LinkedHashMap<>();
        c.attributes().forEach((k, v) -> attributes.put(k, v == null ? "" : v.toString()));
        m.put("attributes", attributes);
        return m;
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
