package dev.girard.support;

import java.util.ArrayList;
import java.util.List;

/** Builds customer CSV files: Chinese and English customers, numbered. */
public final class CustomersCsv {
    public static final String HEADER = "external_id,first_name,last_name,email,phone,locale,time_zone,birthday,city";

    private CustomersCsv() {
    }

    /** One test customer as a record the tests can check messages against. */
    public record Row(String externalId, String firstName, String lastName, String email, String locale) {
        public String csv() {
            boolean zh = locale.startsWith("zh");
            return String.join(",", externalId, firstName, lastName, email, zh ? "+86 138 0013 8000" : "", locale,
                    zh ? "Asia/Shanghai" : "Europe/London", "1980-05-17", zh ? "上海" : "London");
        }
    }

    public static List<Row> rows(int count) {
        String[] cnGiven = {"芳", "伟", "娜", "敏", "静"};
        String[] cnFamily = {"王", "李", "张", "刘", "陈"};
        String[] enFirst = {"Anna", "James", "Olivia", "Liam", "Emma"};
        String[] enLast = {"Smith", "Brown", "Taylor", "Wilson", "Clarke"};
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            boolean zh = i % 2 == 0;
            String first = (zh ? cnGiven[i % 5] : enFirst[i % 5]) + (zh ? "" + (char) ('一' + i) : "" + i);
            String last = zh ? cnFamily[i % 5] : enLast[i % 5];
            rows.add(new Row("T" + i, first, last, "customer" + i + "@example.org", zh ? "zh-CN" : "en-GB"));
        }
        return rows;
    }

    public static String csv(List<Row> rows) {
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        rows.forEach(r -> csv.append(r.csv()).append('\n'));
        return csv.toString();
    }
}
