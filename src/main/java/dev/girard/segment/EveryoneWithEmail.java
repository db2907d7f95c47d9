package dev.girard.segment;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.IsoFields;
import java.util.Map;
import java.util.function.Consumer;

import dev.girard.core.InvalidInputException;
import dev.girard.customer.CustomerStore;

/**
 * Every customer with an e-mail address, once per period: the monthly card's key is the month in the
 * campaign's time zone (2026-12), so a second run in December finds everyone served already.
 */
final class EveryoneWithEmail implements Segment {
    private static final Map<String, String> PERIODS = Map.of(
            "month", "once a month (key 2026-12)",
            "week", "once an ISO week (key 2026-W49)",
            "day", "once a day (key 2026-12-01)",
            "year", "once a year (key 2026)");

    private final CustomerStore customers;
    private final int pageSize;

    EveryoneWithEmail(CustomerStore customers, int pageSize) {
        this.customers = customers;
        this.pageSize = pageSize;
    }

    @Override
    public String id() {
        return "everyone-with-email";
    }

    @Override
    public String description() {
        return "Every customer who has an e-mail address, contacted once per period.";
    }

    @Override
    public Map<String, String> parameters() {
        return Map.of("period", "month (default), week, day or year: how often a customer may get this campaign");
    }

    @Override
    public void validate(Map<String, Object> params) {
        for (String key : params.keySet()) {
            if (!key.equals("period")) {
                throw new InvalidInputException("segmentParams." + key, "", "is not a parameter of " + id()
                        + " (it takes: period)");
            }
        }
        Object period = params.get("period");
        if (period != null && !PERIODS.containsKey(period.toString())) {
            throw new InvalidInputException("segmentParams.period", period.toString(), "must be one of "
                    + String.join(", ", PERIODS.keySet()));
        }
    }

    @Override
    public String runKey(SegmentContext context) {
        ZonedDateTime t = context.campaignTime();
        return switch (String.valueOf(context.params().getOrDefault("period", "month"))) {
            case "week" -> t.get(IsoFields.WEEK_BASED_YEAR) + "-W" + String.format("%02d", t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            case "day" -> t.toLocalDate().toString();
            case "year" -> String.valueOf(t.getYear());
            default -> t.format(DateTimeFormatter.ofPattern("uuuu-MM"));
        };
    }

    @Override
    public void forEachMember(SegmentContext context, Consumer<Member> consumer) {
        String key = runKey(context);
        // a fixed condition: no user text reaches the SQL
        customers.forEachMatching("email IS NOT NULL AND email <> ''", Map.of(), pageSize,
                customer -> consumer.accept(new Member(customer, key)));
    }
}
