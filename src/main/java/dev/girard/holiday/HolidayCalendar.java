package dev.girard.holiday;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;

import com.ibm.icu.util.ChineseCalendar;
import com.ibm.icu.util.GregorianCalendar;
import com.ibm.icu.util.TimeZone;

/**
 * Holidays per region, computed for any year: fixed dates, rule-based ones (Easter, Mother's Day,
 * Thanksgiving) and the Chinese lunar ones (Spring Festival, Dragon Boat, Mid-Autumn), which come from
 * ICU4J's Chinese calendar rather than from a table, so a greeting campaign is right every year.
 */
public final class HolidayCalendar {
    /** One holiday's rule: its id, names and how to find its date in a Gregorian year. */
    private record Rule(String id, Map<String, String> names, IntFunction<LocalDate> date) {
    }

    private static final Map<String, List<Rule>> REGIONS = new LinkedHashMap<>();

    static {
        Rule newYear = fixed("new-year", "New Year's Day", "元旦", Month.JANUARY, 1);
        Rule valentines = fixed("valentines-day", "Valentine's Day", "情人节", Month.FEBRUARY, 14);
        Rule christmas = fixed("christmas", "Christmas", "圣诞节", Month.DECEMBER, 25);
        Rule easter = new Rule("easter", names("Easter", "复活节"), HolidayCalendar::easter);
        Rule fathersDay = new Rule("fathers-day", names("Father's Day", "父亲节"),
                y -> nth(y, Month.JUNE, DayOfWeek.SUNDAY, 3));
        REGIONS.put("CN", List.of(
                newYear,
                lunar("spring-festival", "Spring Festival", "春节", 1, 1),
                lunar("lantern-festival", "Lantern Festival", "元宵节", 1, 15),
                valentines,
                fixed("womens-day", "International Women's Day", "妇女节", Month.MARCH, 8),
                fixed("labour-day", "Labour Day", "劳动节", Month.MAY, 1),
                new Rule("mothers-day", names("Mother's Day", "母亲节"), y -> nth(y, Month.MAY, DayOfWeek.SUNDAY, 2)),
                fixed("childrens-day", "Children's Day", "儿童节", Month.JUNE, 1),
                lunar("dragon-boat", "Dragon Boat Festival", "端午节", 5, 5),
                fathersDay,
                lunar("qixi", "Qixi Festival", "七夕", 7, 7),
                lunar("mid-autumn", "Mid-Autumn Festival", "中秋节", 8, 15),
                fixed("national-day", "National Day", "国庆节", Month.OCTOBER, 1),
                lunar("double-ninth", "Double Ninth Festival", "重阳节", 9, 9),
                christmas));
        REGIONS.put("US", List.of(
                newYear,
                valentines,
                easter,
                new Rule("mothers-day", names("Mother's Day", "母亲节"), y -> nth(y, Month.MAY, DayOfWeek.SUNDAY, 2)),
                fathersDay,
                fixed("independence-day", "Independence Day", "美国独立日", Month.JULY, 4),
                fixed("halloween", "Halloween", "万圣节", Month.OCTOBER, 31),
                new Rule("thanksgiving", names("Thanksgiving", "感恩节"), y -> nth(y, Month.NOVEMBER, DayOfWeek.THURSDAY, 4)),
                christmas));
        REGIONS.put("GB", List.of(
                newYear,
                valentines,
                // Mothering Sunday: the fourth Sunday of Lent, three weeks before Easter
                new Rule("mothers-day", names("Mothering Sunday", "母亲节"), y -> easter(y).minusWeeks(3)),
                easter,
                fathersDay,
                fixed("halloween", "Halloween", "万圣节", Month.OCTOBER, 31),
                christmas,
                fixed("boxing-day", "Boxing Day", "节礼日", Month.DECEMBER, 26)));
    }

    private HolidayCalendar() {
    }

    /** The regions with a calendar: CN, US, GB. */
    public static List<String> regions() {
        return List.copyOf(REGIONS.keySet());
    }

    /** The ids of a region's holidays, in calendar order of their rules. */
    public static List<String> ids(String region) {
        return rules(region).stream().map(Rule::id).toList();
    }

    /** Every holiday of the region in a year, by date. */
    public static List<Holiday> year(String region, int year) {
        List<Holiday> out = new ArrayList<>();
        for (Rule rule : rules(region)) {
            out.add(new Holiday(rule.id(), rule.date().apply(year), rule.names()));
        }
        out.sort(Comparator.comparing(Holiday::date));
        return out;
    }

    /** The region's holidays that fall on this date (usually none, sometimes two). */
    public static List<Holiday> on(String region, LocalDate date) {
        return year(region, date.getYear()).stream().filter(h -> h.date().equals(date)).toList();
    }

    /** A holiday by id in a year, in any region that has it. */
    public static Optional<Holiday> find(String id, int year) {
        for (List<Rule> rules : REGIONS.values()) {
            for (Rule rule : rules) {
                if (rule.id().equals(id)) {
                    return Optional.of(new Holiday(id, rule.date().apply(year), rule.names()));
                }
            }
        }
        return Optional.empty();
    }

    private static List<Rule> rules(String region) {
        List<Rule> rules = REGIONS.get(region);
        if (rules == null) {
            throw new IllegalArgumentException("No holiday calendar for region " + region + "; regions: " + regions());
        }
        return rules;
    }

    private static Map<String, String> names(String en, String zh) {
        return Map.of("en", en, "zh", zh);
    }

    private static Rule fixed(String id, String en, String zh, Month month, int day) {
        return new Rule(id, names(en, zh), y -> LocalDate.of(y, month, day));
    }

    private static Rule lunar(String id, String en, String zh, int month, int day) {
        return new Rule(id, names(en, zh), y -> lunarDate(y, month, day));
    }

    private static LocalDate nth(int year, Month month, DayOfWeek day, int n) {
        return LocalDate.of(year, month, 1).with(TemporalAdjusters.dayOfWeekInMonth(n, day));
    }

    /**
     * The Gregorian date of a day of the Chinese lunar year that begins in this Gregorian year. ICU4J's
     * Chinese calendar finds the month; the first day of that month is checked against a more precise new
     * moon ({@link NewMoon}), which moves it back a day where ICU places a conjunction just before midnight
     * in China on the next day.
     */
    static LocalDate lunarDate(int gregorianYear, int lunarMonth, int lunarDay) {
        LocalDate monthStart = icuDate(gregorianYear, lunarMonth, 1);
        LocalDate precise = NewMoon.chinaDateNear(monthStart);
        long shift = Math.abs(precise.toEpochDay() - monthStart.toEpochDay()) == 1
                ? precise.toEpochDay() - monthStart.toEpochDay() : 0;
        return icuDate(gregorianYear, lunarMonth, lunarDay).plusDays(shift);
    }

    private static LocalDate icuDate(int gregorianYear, int lunarMonth, int lunarDay) {
        TimeZone utc = TimeZone.getTimeZone("UTC");
        ChineseCalendar chinese = new ChineseCalendar(utc);
        chinese.clear();
        // years count in 60-year cycles from 2637 BCE: the lunar year that begins in 2027 is era 78, year 44
        int extendedYear = gregorianYear + 2637;
        chinese.set(ChineseCalendar.ERA, (extendedYear - 1) / 60 + 1);
        chinese.set(ChineseCalendar.YEAR, (extendedYear - 1) % 60 + 1);
        chinese.set(ChineseCalendar.MONTH, lunarMonth - 1);
        chinese.set(ChineseCalendar.IS_LEAP_MONTH, 0);
        chinese.set(ChineseCalendar.DAY_OF_MONTH, lunarDay);
        GregorianCalendar gregorian = new GregorianCalendar(utc);
        gregorian.setTime(chinese.getTime());
        return LocalDate.of(gregorian.get(GregorianCalendar.YEAR), gregorian.get(GregorianCalendar.MONTH) + 1,
                gregorian.get(GregorianCalendar.DAY_OF_MONTH));
    }

    /** Western Easter Sunday (the Gregorian computus of Meeus/Jones/Butcher). */
    static LocalDate easter(int year) {
        int a = year % 19;
        int b = year / 100;
        int c = year % 100;
        int d = b / 4;
        int e = b % 4;
        int f = (b + 8) / 25;
        int g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30;
        int i = c / 4;
        int k = c % 4;
        int l = (32 + 2 * e + 2 * i - h - k) % 7;
        int m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31;
        int day = (h + l - 7 * m + 114) % 31 + 1;
        return LocalDate.of(year, month, day);
    }
}
