package dev.girard.web.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.girard.core.InvalidInputException;
import dev.girard.schedule.ScheduleChoice;

/**
 * The campaign form's "when": the common schedules of {@link ScheduleChoice}, plus two that also set the
 * segment's parameters: "on a holiday" (every day at a time, with the holiday-today segment) and "at this time
 * in each customer's own time zone" (the campaign fires hourly and the segment keeps, at each firing, the
 * customers for whom it is now that hour: segment parameter localHour).
 *
 * @param kind   monthly, daily, yearly, holiday, minutes or cron
 * @param local  whether the time is each customer's own local time
 * @param choice the schedule as a cron choice (daily for holiday; the hour is the local hour when local)
 */
public record CampaignSchedule(String kind, boolean local, ScheduleChoice choice) {
    static final String HOLIDAY_SEGMENT = "holiday-today";
    static final List<String> KINDS = List.of("monthly", "daily", "yearly", "holiday", "minutes", "cron");
    private static final Pattern HOURLY = Pattern.compile("0 (\\d{1,2}) \\* \\* \\* \\?");

    /** How a stored campaign's cron and segment read in the form. */
    static CampaignSchedule of(String cron, String segment, Map<String, ?> params) {
        String c = cron == null ? "" : cron.strip().replaceAll("\\s+", " ");
        Matcher hourly = HOURLY.matcher(c);
        Object localHour = params == null ? null : params.get("localHour");
        boolean holiday = HOLIDAY_SEGMENT.equals(segment);
        if (hourly.matches() && localHour != null && localHour.toString().matches("\\d{1,2}")) {
            int minute = Integer.parseInt(hourly.group(1));
            ScheduleChoice daily = ScheduleChoice.parse("0 " + minute + " " + Integer.parseInt(localHour.toString()) + " * * ?");
            return new CampaignSchedule(holiday ? "holiday" : "daily", true, daily);
        }
        ScheduleChoice choice = ScheduleChoice.parse(c);
        if (holiday && choice.kind() == ScheduleChoice.Kind.DAILY) {
            return new CampaignSchedule("holiday", false, choice);
        }
        return new CampaignSchedule(choice.kindId(), false, choice);
    }

    /**
     * Reads the form's schedule fields.
     *
     * @throws InvalidInputException naming the field at fault
     */
    static CampaignSchedule fromForm(String kind, String day, String month, String time, String everyMinutes, String cron,
            boolean local) {
        String k = kind == null ? "" : kind.strip();
        if (k.equals("holiday")) {
            return new CampaignSchedule(k, local, ScheduleChoice.of("daily", day, month, time, everyMinutes, cron));
        }
        ScheduleChoice choice = ScheduleChoice.of(k, day, month, time, everyMinutes, cron);
        boolean canBeLocal = choice.kind() == ScheduleChoice.Kind.DAILY;
        return new CampaignSchedule(choice.kindId(), local && canBeLocal, choice);
    }

    /** The cron the campaign fires on: hourly at the minute when the time is each customer's own. */
    String cron() {
        return local ? "0 " + choice.minute() + " * * * ?" : choice.toCron();
    }

    /**
     * The segment parameters with this schedule's part applied: localHour set when local, else removed.
     *
     * @throws InvalidInputException when "on a holiday" goes with another segment than holiday-today
     */
    Map<String, Object> apply(String segment, Map<String, Object> params) {
        if (kind.equals("holiday") && !HOLIDAY_SEGMENT.equals(segment)) {
            throw new InvalidInputException("schedule", "holiday", "goes with the segment holiday-today (Holiday today): "
                    + "choose it as the segment, with its calendar");
        }
        Map<String, Object> out = new LinkedHashMap<>(params);
        out.remove("localHour");
        if (local) {
            out.put("localHour", choice.hour());
        }
        return out;
    }

    /** The schedule in plain words. */
    String describe(Messages messages, String lang, String zone, Map<String, ?> params) {
        if (kind.equals("holiday")) {
            Object region = params == null ? null : params.get("region");
            String calendar = region == null ? "?" : region.toString();
            return local ? messages.text(lang, "schedule.words.holiday.local", calendar, choice.time())
                    : messages.text(lang, "schedule.words.holiday", calendar, choice.time(), zone);
        }
        if (local) {
            return messages.text(lang, "schedule.words.local", choice.time());
        }
        return choice.describe(lang, zone);
    }

    public int day() {
        return choice.day();
    }

    public int month() {
        return choice.month();
    }

    public int everyMinutes() {
        return choice.everyMinutes();
    }

    public String time() {
        return choice.time();
    }

    public String cronText() {
        return choice.cron();
    }
}
