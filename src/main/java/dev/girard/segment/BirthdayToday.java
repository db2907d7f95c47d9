package dev.girard.segment;

import java.time.LocalDate;
import java.time.MonthDay;
import java.time.ZoneId;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import dev.girard.core.InvalidInputException;
import dev.girard.customer.Customer;
import dev.girard.customer.CustomerStore;

/**
 * Customers whose birthday is today where they live (their own time zone, else the default one).
 * Someone born on 29 February is greeted on 28 February in other years. The key is the year
 * (birthday:2026), so however often the campaign runs, each customer is greeted once a year.
 */
final class BirthdayToday implements Segment {
    private final CustomerStore customers;
    private final int pageSize;

    BirthdayToday(CustomerStore customers, int pageSize) {
        this.customers = customers;
        this.pageSize = pageSize;
    }

    @Override
    public String id() {
        return "birthday-today";
    }

    @Override
    public String description() {
        return "Customers whose birthday is today in their own time zone, greeted once a year.";
    }

    @Override
    public Map<String, String> parameters() {
        return Map.of();
    }

    @Override
    public void validate(Map<String, Object> params) {
        if (!params.isEmpty()) {
            throw new InvalidInputException("segmentParams." + params.keySet().iterator().next(), "",
                    "is not a parameter: " + id() + " takes none");
        }
    }

    @Override
    public String runKey(SegmentContext context) {
        return "birthday:" + context.campaignTime().toLocalDate();
    }

    @Override
    public void forEachMember(SegmentContext context, Consumer<Member> consumer) {
        // Somewhere on Earth it is the UTC date's yesterday, today or tomorrow; the index narrows the
        // search to those month-days, then each customer's own zone decides.
        LocalDate utc = LocalDate.ofInstant(context.at(), ZoneId.of("UTC"));
        Set<String> monthDays = new LinkedHashSet<>();
        for (LocalDate d = utc.minusDays(1); !d.isAfter(utc.plusDays(1)); d = d.plusDays(1)) {
            monthDays.add(String.format("%02d-%02d", d.getMonthValue(), d.getDayOfMonth()));
        }
        monthDays.add("02-29");
        Map<String, Object> params = new java.util.HashMap<>();
        StringBuilder in = new StringBuilder();
        int i = 0;
        for (String md : monthDays) {
            in.append(i == 0 ? "" : ", ").append(":md").append(i);
            params.put("md" + i, md);
            i++;
        }
        customers.forEachMatching("birth_md IN (" + in + ")", params, pageSize, customer -> {
            LocalDate local = LocalDate.ofInstant(context.at(), zoneOf(customer, context.defaultCustomerZone()));
            if (isBirthday(customer.birthday(), local)) {
                consumer.accept(new Member(customer, "birthday:" + local.getYear()));
            }
        });
    }

    static boolean isBirthday(LocalDate birthday, LocalDate today) {
        MonthDay born = MonthDay.from(birthday);
        if (born.equals(MonthDay.of(2, 29)) && !today.isLeapYear()) {
            return MonthDay.from(today).equals(MonthDay.of(2, 28));
        }
        return MonthDay.from(today).equals(born);
    }

    private static ZoneId zoneOf(Customer customer, ZoneId fallback) {
        return customer.timeZone() == null ? fallback : ZoneId.of(customer.timeZone());
    }
}
