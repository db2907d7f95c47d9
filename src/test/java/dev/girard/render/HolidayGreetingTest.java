package dev.girard.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.girard.customer.Customer;

/** Templates see the holiday a holiday-today key names, in the customer's language. */
class HolidayGreetingTest {
    private final TemplateEngine engine = new TemplateEngine(null);
    private final Sender sender = new Sender("Girard Tea", "hello@example.com", "1 Example Road");

    private static Customer customer(String first, String last, String locale) {
        return new Customer(1L, "c1", first, last, "c1@example.com", null, null, null, null, null, null, null, null,
                locale, "Asia/Shanghai", Map.of(), null, null);
    }

    private Map<String, Object> model(Customer customer, String key) {
        return MessageModel.of(customer, "Holiday greeting", key,
                ZonedDateTime.of(2027, 2, 6, 9, 0, 0, 0, ZoneId.of("Asia/Shanghai")), sender, "");
    }

    @Test
    void the_holiday_name_is_in_the_customers_language() {
        Map<String, Object> zh = model(customer("芳", "王", "zh-CN"), "holiday:spring-festival:2027");
        assertThat(zh.get("holiday")).isEqualTo(Map.of("id", "spring-festival", "name", "春节", "date", "2027-02-06"));
        Map<String, Object> en = model(customer("Anna", "Smith", "en-GB"), "holiday:mid-autumn:2027");
        assertThat(en.get("holiday")).isEqualTo(Map.of("id", "mid-autumn", "name", "Mid-Autumn Festival", "date", "2027-09-15"));
    }

    @Test
    void other_keys_give_an_empty_holiday() {
        assertThat(model(customer("Anna", "Smith", "en-GB"), "2027-02").get("holiday"))
                .isEqualTo(Map.of("id", "", "name", "", "date", ""));
        assertThat(model(customer("Anna", "Smith", "en-GB"), "holiday:no-such-day:2027").get("holiday"))
                .isEqualTo(Map.of("id", "", "name", "", "date", ""));
    }

    @Test
    void the_built_in_greeting_names_the_holiday() {
        RenderedEmail zh = engine.renderEmail("holiday-greeting", model(customer("芳", "王", "zh-CN"), "holiday:spring-festival:2027"));
        assertThat(zh.subject()).isEqualTo("王芳，Girard Tea祝您春节快乐");
        assertThat(zh.html()).contains("春节快乐");
        assertThat(zh.text()).contains("值此春节");
        RenderedEmail en = engine.renderEmail("holiday-greeting", model(customer("Anna", "Smith", "en-US"), "holiday:thanksgiving:2027"));
        assertThat(en.subject()).isEqualTo("Happy Thanksgiving, Anna, from Girard Tea");
        assertThat(en.text()).contains("Happy Thanksgiving!");
    }
}
