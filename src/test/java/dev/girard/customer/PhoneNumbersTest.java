package dev.girard.customer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;

/** The shortcut for plain numbers gives exactly what libphonenumber's own parse gives, for every input. */
class PhoneNumbersTest {
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    private static String parsed(String raw, String region) {
        try {
            var number = PHONES.parse(raw, region);
            return PHONES.isValidNumber(number) ? PHONES.format(number, PhoneNumberUtil.PhoneNumberFormat.E164) : null;
        } catch (NumberParseException e) {
            return null;
        }
    }

    @Test
    void plain_numbers_in_every_usual_form_come_out_as_parse_would_have_them() {
        Random random = new Random(7);
        List<String> inputs = new ArrayList<>(List.of("138 0013 8000", "+86 138 0013 8000", "13800138000",
                "8613800138000", "+8613800138000", "010 6552 9988", "(010) 6552-9988", "0086 138 0013 8000",
                "12345", "+44 20 7946 0958", "020 7946 0958", "+1 650 253 0000", "1 650 253 0000", "650-253-0000",
                "+49 30 901820", "+39 06 698 85000", "+7 495 123-45-67", "+86 17951 1380013800", "17951 13800138000",
                "+86 12593 13800138000", "1-800-FLOWERS", "138 0013 8000 ext. 12", "+0 123456", "+999 1234567"));
        String[] prefixes = {"", "+", "+86 ", "+1 ", "+44 ", "+49 ", "0", "00", "86", "1"};
        for (int i = 0; i < 20_000; i++) {
            StringBuilder digits = new StringBuilder(prefixes[random.nextInt(prefixes.length)]);
            int length = 5 + random.nextInt(10);
            for (int d = 0; d < length; d++) {
                digits.append((char) ('0' + random.nextInt(10)));
                if (random.nextInt(6) == 0) {
                    digits.append(random.nextBoolean() ? ' ' : '-');
                }
            }
            inputs.add(digits.toString().strip());
            inputs.add("1" + (3 + random.nextInt(7)) + random.nextInt(10) + " " + (1000 + random.nextInt(9000)) + " "
                    + (1000 + random.nextInt(9000)));
        }
        int shortcuts = 0;
        for (String region : List.of("CN", "US", "GB", "DE", "IT", "RU")) {
            PhoneNumbers numbers = new PhoneNumbers(region);
            for (String raw : inputs) {
                assertThat(numbers.e164(raw)).as(raw + " in " + region).isEqualTo(parsed(raw, region));
                shortcuts += numbers.shortcut(raw) != null ? 1 : 0;
            }
        }
        assertThat(shortcuts).as("the shortcut is taken for many plain numbers").isGreaterThan(10_000);
    }
}
