package dev.girard.web.admin;

import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.concurrent.ConcurrentHashMap;

import freemarker.template.TemplateMethodModelEx;
import freemarker.template.TemplateModelException;
import freemarker.template.TemplateScalarModel;
import freemarker.template.TemplateNumberModel;

/**
 * The admin page's words in English and Chinese, from the bundles {@code admin/messages_en.properties} and
 * {@code admin/messages_zh.properties}. The language is the user's setting, else the browser's first
 * Accept-Language that Girard speaks, else English.
 */
final class Messages {
    static final List<String> LANGUAGES = List.of("en", "zh");
    private final Map<String, ResourceBundle> bundles = new ConcurrentHashMap<>();

    ResourceBundle bundle(String lang) {
        return bundles.computeIfAbsent(lang, l -> ResourceBundle.getBundle("admin.messages", Locale.forLanguageTag(l),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES)));
    }

    /** The text for a key, with {0}, {1} … filled in; a missing key shows as ??key?? (a test keeps bundles complete). */
    String text(String lang, String key, Object... args) {
        ResourceBundle bundle = bundle(lang);
        if (!bundle.containsKey(key)) {
            return "??" + key + "??";
        }
        String pattern = bundle.getString(key);
        return args.length == 0 ? pattern : new MessageFormat(pattern, Locale.forLanguageTag(lang)).format(args);
    }

    /** The language for a user setting (may be null) and an Accept-Language header (may be null). */
    static String choose(String userSetting, String acceptLanguage) {
        if (userSetting != null && LANGUAGES.contains(userSetting)) {
            return userSetting;
        }
        if (acceptLanguage != null && !acceptLanguage.isBlank()) {
            try {
                for (Locale.LanguageRange range : Locale.LanguageRange.parse(acceptLanguage)) {
                    String tag = range.getRange().toLowerCase(Locale.ROOT);
                    for (String lang : LANGUAGES) {
                        if (tag.equals(lang) || tag.startsWith(lang + "-")) {
                            return lang;
                        }
                    }
                }
            } catch (IllegalArgumentException e) {
                // a malformed header: fall back to English
            }
        }
        return "en";
    }

    /** {@code t("key", args…)} in page templates. */
    TemplateMethodModelEx method(String lang) {
        return arguments -> {
            if (arguments.isEmpty()) {
                throw new TemplateModelException("t needs a message key");
            }
            Object[] args = new Object[arguments.size() - 1];
            for (int i = 1; i < arguments.size(); i++) {
                Object a = arguments.get(i);
                if (a instanceof TemplateNumberModel n) {
                    args[i - 1] = n.getAsNumber();
                } else if (a instanceof TemplateScalarModel s) {
                    args[i - 1] = s.getAsString();
                } else {
                    args[i - 1] = String.valueOf(a);
                }
            }
            return text(lang, ((TemplateScalarModel) arguments.get(0)).getAsString(), args);
        };
    }
}
