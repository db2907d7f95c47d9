package dev.girard.schedule;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.girard.core.FieldError;
import dev.girard.core.InvalidInputException;

/**
 * The common schedules a marketer picks from, as Quartz cron expressions and back, and in plain words:
 * monthly on day D at HH:MM, every day at HH:MM (with the birthday segment: on each customer's birthday),
 * yearly on a date (a fixed-date holiday), every N minutes (thank-yous), or a raw cron expression.
 */
public record ScheduleChoice(Kind kind, int day, int month, int hour, int minute, int everyMinutes, String cron) {
    public enum Kind { MONTHLY, DAILY, YEARLY, MINUTES, CRON }

    private static final Pattern MONTHLY = Pattern.compile("0 (\\d{1,2}) (\\d{1,2}) (\\d{1,2}) \\* \\?");
    private static final Pattern DAILY = Pattern.compile("0 (\\d{1,2}) (\\d{1,2}) \\* \\* \\?");
    private static final Pattern YEARLY = Pattern.compile("0 (\\d{1,2}) (\\d{1,2}) (\\d{1,2}) (\\d{1,2}) \\?");
    private static final Pattern MINUTES = Pattern.compile("0 0/(\\d{1,2}) \\* \\* \\* \\?");

    /** Builds a choice from form values, refusing out-of-range numbers with the field that is wrong. */
    public static ScheduleChoice of(String kind, String day, String month, String time, String everyMinutes, String cron) {
        Kind k;
        try {
            k = Kind.valueOf(kind == null ? "" : kind.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("schedule", kind, "must be monthly, daily, yearly, minutes or cron");
        }
        int[] hm = k == Kind.MINUTES || k == Kind.CRON ? new int[] {0, 0} : time(time);
        return switch (k) {
            case MONTHLY -> new ScheduleChoice(k, number("day", day, 1, 28), 0, hm[0], hm[1], 0, null);
            case DAILY -> new ScheduleChoice(k, 0, 0, hm[0], hm[1], 0, null);
            case YEARLY -> new ScheduleChoice(k, number("day", day, 1, 31), number("month", month, 1, 12), hm[0], hm[1], 0, null);
            case MINUTES -> new ScheduleChoice(k, 0, 0, 0, 0, number("everyMinutes", everyMinutes, 1, 59), null);
            case CRON -> new ScheduleChoice(k, 0, 0, 0, 0, 0, cron == null ? "" : cron.strip());
        };
    }

    /** The choice a cron expression is, or a raw CRON choice when it is none of the common ones. */
    public static ScheduleChoice parse(String cron) {
        String c = cron == null ? "" : cron.strip().replaceAll("\\s+", " ");
        Matcher m;
        if ((m = MONTHLY.matcher(c)).matches() && in(m.group(3), 1, 28) && in(m.group(2), 0, 23) && in(m.group(1), 0, 59)) {
            return new ScheduleChoice(Kind.MONTHLY, i(m.group(3)), 0, i(m.group(2)), i(m.group(1)), 0, null);
        }
        if ((m = DAILY.matcher(c)).matches() && in(m.group(2), 0, 23) && in(m.group(1), 0, 59)) {
            return new ScheduleChoice(Kind.DAILY, 0, 0, i(m.group(2)), i(m.group(1)), 0, null);
        }
        if ((m = YEARLY.matcher(c)).matches() && in(m.group(4), 1, 12) && in(m.group(3), 1, 31) && in(m.group(2), 0, 23)
                && in(m.group(1), 0, 59)) {
            return new ScheduleChoice(Kind.YEARLY, i(m.group(3)), i(m.group(4)), i(m.group(2)), i(m.group(1)), 0, null);
        }
        if ((m = MINUTES.matcher(c)).matches() && in(m.group(1), 1, 59)) {
            return new ScheduleChoice(Kind.MINUTES, 0, 0, 0, 0, i(m.group(1)), null);
        }
        return new ScheduleChoice(Kind.CRON, 0, 0, 0, 0, 0, c);
    }

    public String toCron() {
        return switch (kind) {
            case MONTHLY -> "0 " + minute + " " + hour + " " + day + " * ?";
            case DAILY -> "0 " + minute + " " + hour + " * * ?";
            case YEARLY -> "0 " + minute + " " + hour + " " + day + " " + month + " ?";
            case MINUTES -> "0 0/" + everyMinutes + " * * * ?";
            case CRON -> cron;
        };
    }

    public String kindId() {
        return kind.name().toLowerCase(java.util.Locale.ROOT);
    }

    public String time() {
        return String.format("%02d:%02d", hour, minute);
    }

    /** The schedule in plain words, in English ("en") or Chinese ("zh"), with the time zone. */
    public String describe(String lang, String zone) {
        boolean zh = "zh".equals(lang);
        return switch (kind) {
            case MONTHLY -> zh ? "每月" + day + "日 " + time() + "（" + zone + "）"
                    : "Monthly on day " + day + " at " + time() + " (" + zone + ")";
            case DAILY -> zh ? "每天 " + time() + "（" + zone + "）；配合“今天生日”分群即在每位顾客生日当天发送"
                    : "Every day at " + time() + " (" + zone + "); with the birthday segment, on each customer's birthday";
            case YEARLY -> zh ? "每年" + month + "月" + day + "日 " + time() + "（" + zone + "）"
                    : "Every year on " + java.time.Month.of(month).getDisplayName(java.time.format.TextStyle.FULL,
                            java.util.Locale.ENGLISH) + " " + day + " at " + time() + " (" + zone + ")";
            case MINUTES -> zh ? "每 " + everyMinutes + " 分钟" : "Every " + everyMinutes + " minutes";
            case CRON -> zh ? "自定义 cron：" + cron + "（" + zone + "）" : "Custom cron: " + cron + " (" + zone + ")";
        };
    }

    private static int[] time(String value) {
        Matcher m = Pattern.compile("(\\d{1,2}):(\\d{2})").matcher(value == null ? "" : value.strip());
        if (!m.matches() || !in(m.group(1), 0, 23) || !in(m.group(2), 0, 59)) {
            throw new InvalidInputException(List.of(new FieldError("time", value == null ? "" : value,
                    "must be a time of day as HH:MM, e.g. 09:00")));
        }
        return new int[] {i(m.group(1)), i(m.group(2))};
    }

    private static int number(String field, String value, int min, int max) {
        try {
            int n = Integer.parseInt(value == null ? "" : value.strip());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidInputException(field, value == null ? "" : value, "must be a whole number from " + min + " to " + max);
    }

    private static boolean in(String value, int min, int max) {
        int n = i(value);
        return n >= min && n <= max;
    }

    private static int i(String value) {
        return Integer.parseInt(value);
    }
}
