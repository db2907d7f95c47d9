package dev.girard.demo;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import dev.girard.App;
import dev.girard.campaign.Campaign;
import dev.girard.customer.Consent;
import dev.girard.customer.Customer;

/**
 * Realistic demo customers (Chinese and English names, birthdays, some of them today, purchases, SMS
 * opt-ins for some) and the two classic campaigns: the monthly card and the birthday greeting. Seeded, so
 * every demo looks the same. The monthly card goes out on all three channels by preference: by post to
 * customers with a full postal address (the Chinese ones), by e-mail to the others, and by text to the
 * walk-in customers who left only a phone number and an SMS opt-in at the till.
 */
public final class DemoData {
    private static final String[][] CN_SURNAMES = {{"王", "wang"}, {"李", "li"}, {"张", "zhang"}, {"刘", "liu"},
        {"陈", "chen"}, {"杨", "yang"}, {"黄", "huang"}, {"赵", "zhao"}, {"吴", "wu"}, {"周", "zhou"}, {"徐", "xu"},
        {"孙", "sun"}, {"马", "ma"}, {"朱", "zhu"}, {"胡", "hu"}, {"郭", "guo"}, {"何", "he"}, {"林", "lin"},
        {"罗", "luo"}, {"高", "gao"}};
    private static final String[][] CN_GIVEN = {{"芳", "fang"}, {"伟", "wei"}, {"娜", "na"}, {"敏", "min"},
        {"静", "jing"}, {"丽", "li"}, {"强", "qiang"}, {"磊", "lei"}, {"洋", "yang"}, {"艳", "yan"}, {"勇", "yong"},
        {"军", "jun"}, {"杰", "jie"}, {"娟", "juan"}, {"涛", "tao"}, {"明", "ming"}, {"超", "chao"},
        {"秀英", "xiuying"}, {"霞", "xia"}, {"平", "ping"}, {"建华", "jianhua"}, {"文", "wen"}, {"晨", "chen"},
        {"欣怡", "xinyi"}, {"子涵", "zihan"}, {"浩然", "haoran"}, {"雨桐", "yutong"}, {"梓轩", "zixuan"}};
    private static final String[] CN_CITIES = {"上海", "北京", "广州", "深圳", "杭州", "成都", "南京", "武汉", "苏州", "西安"};
    private static final String[] EN_FIRST = {"Anna", "James", "Olivia", "Liam", "Emma", "Noah", "Sophia", "Lucas",
        "Mia", "Ethan", "Grace", "Henry", "Chloe", "Jack", "Ella", "Samuel", "Lily", "Daniel", "Zoe", "Thomas"};
    private static final String[] EN_LAST = {"Smith", "Johnson", "Brown", "Taylor", "Wilson", "Davies", "Evans",
        "Miller", "Clarke", "Walker", "Wright", "Thompson", "Hughes", "Green", "Hall", "Wood", "Baker", "Turner"};
    private static final String[][] EN_PLACES = {{"London", "GB", "Europe/London", "en-GB"},
        {"Manchester", "GB", "Europe/London", "en-GB"}, {"New York", "US", "America/New_York", "en-US"},
        {"Chicago", "US", "America/Chicago", "en-US"}, {"Seattle", "US", "America/Los_Angeles", "en-US"},
        {"Sydney", "AU", "Australia/Sydney", "en-AU"}, {"Singapore", "SG", "Asia/Singapore", "en-SG"}};
    private static final String[][] ITEMS = {{"Tea set", "home", "268.00"}, {"Silk scarf", "fashion", "199.00"},
        {"Running shoes", "sport", "459.00"}, {"Green tea 250 g", "food", "88.00"}, {"Desk lamp", "home", "159.00"},
        {"Leather wallet", "fashion", "329.00"}, {"Yoga mat", "sport", "129.00"}, {"Mooncake box", "food", "198.00"},
        {"Headphones", "electronics", "899.00"}, {"Backpack", "fashion", "249.00"}};

    private DemoData() {
    }

    /** The campaigns and customers the demo created, for printing. */
    public record Result(boolean created, int customers, int purchases, int birthdaysToday, long monthlyCardCampaignId) {
    }

    /** Fills an empty database; does nothing (and returns the existing campaign) if customers exist already. */
    public static Result populate(App app, int count) {
        long existing = app.customerStore.count();
        if (existing > 0) {
            long campaignId = app.campaignStore.list().stream().filter(c -> c.template().equals("monthly-card"))
                    .map(Campaign::id).findFirst().orElseGet(() -> createCampaigns(app));
            return new Result(false, (int) existing, 0, 0, campaignId);
        }
        Clock clock = app.clock;
        Random random = new Random(20261123L);
        List<Customer> customers = new ArrayList<>(count);
        int birthdaysToday = 0;
        for (int i = 1; i <= count; i++) {
            boolean chinese = random.nextInt(100) < 60;
            boolean bornToday = i % 125 == 7;
            Customer c = chinese ? chinese(i, random, clock, bornToday) : english(i, random, clock, bornToday);
            if (chinese && i % 10 == 4) {
                c = walkIn(c);
            }
            customers.add(c);
            birthdaysToday += bornToday ? 1 : 0;
        }
        app.database.jdbi().useTransaction(h -> customers.forEach(c -> app.customerStore.upsert(h, c)));
        grantTexts(app, customers);
        int purchases = 0;
        for (Customer c : customers) {
            int n = 1 + random.nextInt(5);
            for (int p = 0; p < n; p++) {
                String[] item = ITEMS[random.nextInt(ITEMS.length)];
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("externalId", c.externalId() + "-P" + (p + 1));
                body.put("customerExternalId", c.externalId());
                body.put("amount", item[2]);
                body.put("currency", "CNY");
                body.put("item", item[0]);
                body.put("category", item[1]);
                body.put("discounted", random.nextInt(4) == 0);
                body.put("purchasedAt", clock.instant().minus(1 + random.nextInt(700), ChronoUnit.DAYS).toString());
                app.purchases.record(body);
                purchases++;
            }
        }
        // ranks (value percentile, RFM) need everyone's purchases: rank the demo customers once, as the nightly job would
        app.stats.rebuild();
        return new Result(true, count, purchases, birthdaysToday, createCampaigns(app));
    }

    /**
     * Every third customer with a phone, and every walk-in customer, opted in to texts at the shop counter,
     * with the words they agreed to: SMS goes only to customers with such a record.
     */
    private static void grantTexts(App app, List<Customer> customers) {
        app.database.jdbi().useTransaction(h -> {
            for (int i = 0; i < customers.size(); i++) {
                Customer c = customers.get(i);
                if (c.phone() == null || (i % 3 != 0 && c.email() != null)) {
                    continue;
                }
                long id = app.customerStore.findByExternalId(h, c.externalId()).orElseThrow().id();
                String wording = c.isChinese() ? "我同意接收本店的短信问候与优惠信息，回复TD退订。"
                        : "Yes, text me greetings and offers. Reply STOP to opt out.";
                app.consents.record(h, new Consent(null, id, "sms", true, app.clock.instant(), "shop counter form", wording));
            }
        });
    }

    /** A fresh password for the demo admin: 15 letters and digits, easy to type from the console. */
    public static String password() {
        String alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
        java.security.SecureRandom random = new java.security.SecureRandom();
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 15; i++) {
            if (i > 0 && i % 5 == 0) {
                password.append('-');
            }
            password.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return password.toString();
    }

    private static long createCampaigns(App app) {
        Map<String, Object> monthly = new LinkedHashMap<>();
        monthly.put("name", "Monthly card / 每月贺卡");
        String channels = preference(app, "monthly-card");
        monthly.put("segment", "everyone-reachable");
        monthly.put("segmentParams", Map.of("channel", channels));
        monthly.put("channel", channels);
        monthly.put("template", "monthly-card");
        monthly.put("cron", "0 0 9 1 * ?");
        monthly.put("timeZone", "Asia/Shanghai");
        monthly.put("status", "active");
        long id = app.campaigns.create(monthly).id();
        Map<String, Object> birthday = new LinkedHashMap<>();
        birthday.put("name", "Birthday greeting / 生日祝福");
        birthday.put("segment", "birthday-today");
        birthday.put("template", "birthday");
        birthday.put("cron", "0 0 9 * * ?");
        birthday.put("timeZone", "Asia/Shanghai");
        birthday.put("status", "active");
        app.campaigns.create(birthday);
        return id;
    }

    /**
     * Joe Girard's order, a card in the hand before an e-mail before a text, of the channels this server has
     * that can send the template.
     */
    private static String preference(App app, String template) {
        return String.join(", ", Stream.of("postcard", "email", "sms")
                .filter(id -> app.channels.find(id).filter(c -> c.templateProblem(template).isEmpty()).isPresent())
                .toList());
    }

    private static Customer chinese(int i, Random random, Clock clock, boolean bornToday) {
        String[] surname = CN_SURNAMES[random.nextInt(CN_SURNAMES.length)];
        String[] given = CN_GIVEN[random.nextInt(CN_GIVEN.length)];
        String email = given[1] + "." + surname[1] + i + "@example.cn";
        String phone = "+86138" + String.format("%08d", 10_000_000 + random.nextInt(89_999_999));
        String city = CN_CITIES[random.nextInt(CN_CITIES.length)];
        ZoneId zone = ZoneId.of("Asia/Shanghai");
        return new Customer(null, String.format("C%05d", i), given[0], surname[0], email, phone,
                (1 + random.nextInt(300)) + "号 " + city + "路", null, city, String.valueOf(100000 + random.nextInt(800000)),
                null, "CN", birthday(random, clock, zone, bornToday), "zh-CN", zone.getId(),
                Map.of("member_level", random.nextInt(3) == 0 ? "gold" : "silver"), null, null);
    }

    private static Customer english(int i, Random random, Clock clock, boolean bornToday) {
        String first = EN_FIRST[random.nextInt(EN_FIRST.length)];
        String last = EN_LAST[random.nextInt(EN_LAST.length)];
        String[] place = EN_PLACES[random.nextInt(EN_PLACES.length)];
        String email = first.toLowerCase() + "." + last.toLowerCase() + i + "@example.com";
        ZoneId zone = ZoneId.of(place[2]);
        return new Customer(null, String.format("C%05d", i), first, last, email, null,
                (1 + random.nextInt(200)) + " High Street", null, place[0], null, null, place[1],
                birthday(random, clock, zone, bornToday), place[3], zone.getId(),
                Map.of("member_level", random.nextInt(3) == 0 ? "gold" : "silver"), null, null);
    }

    /** A customer who left only a name, a phone number and a birthday at the till: no e-mail, no address. */
    private static Customer walkIn(Customer c) {
        return new Customer(null, c.externalId(), c.firstName(), c.lastName(), null, c.phone(), null, null, c.city(),
                null, null, c.country(), c.birthday(), c.locale(), c.timeZone(), c.attributes(), null, null);
    }

    private static LocalDate birthday(Random random, Clock clock, ZoneId zone, boolean today) {
        LocalDate now = LocalDate.now(clock.withZone(zone));
        int year = 1955 + random.nextInt(50);
        if (today) {
            return now.getMonthValue() == 2 && now.getDayOfMonth() == 29 ? LocalDate.of(2000, 2, 29) : now.withYear(year);
        }
        return LocalDate.ofYearDay(year, 1 + random.nextInt(365));
    }

}
