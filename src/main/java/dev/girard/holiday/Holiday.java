package dev.girard.holiday;

import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;

/** One holiday on its date in one year, with its name in the languages Girard writes in. */
public record Holiday(String id, LocalDate date, Map<String, String> names) {
    /** The name in the language of the locale (e.g. zh-CN gives 春节), else in English. */
    public String name(String locale) {
        String language = locale == null || locale.isBlank() ? "en"
                : Locale.forLanguageTag(locale.replace('_', '-')).getLanguage();
        return names.getOrDefault(language, names.get("en"));
    }
}
