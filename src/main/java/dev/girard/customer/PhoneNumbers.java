package dev.girard.customer;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import com.google.i18n.phonenumbers.Phonemetadata;
import com.google.i18n.phonenumbers.metadata.DefaultMetadataDependenciesProvider;
import com.google.i18n.phonenumbers.metadata.source.MetadataSource;

/**
 * Phone numbers to E.164 with libphonenumber. Most numbers in a shop's file are plain digits with spaces or
 * dashes, with or without a country code; for those the number is built from its digits and checked with
 * {@link PhoneNumberUtil#isValidNumber} directly, skipping {@link PhoneNumberUtil#parse}, whose regular
 * expressions (extensions, vanity letters, carrier codes) take most of an import's time. Whenever the
 * shortcut could read a number differently from {@code parse} (a leading zero, an international dialling
 * prefix, the region's country code or national prefix at the start, letters, extensions) or finds it
 * invalid, {@code parse} decides, so the result and the error message are always libphonenumber's own.
 */
final class PhoneNumbers {
    private static final Pattern PLAIN = Pattern.compile("\\+?[0-9][0-9 ()\\-.]{4,24}");
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    private static final MetadataSource METADATA =
            DefaultMetadataDependenciesProvider.getInstance().getPhoneNumberMetadataSource();

    private final String defaultRegion;
    private final int defaultCountryCode;
    private final Map<String, Optional<Pattern>> nationalPrefixes = new ConcurrentHashMap<>();
    private final Map<String, Optional<Pattern>> internationalPrefixes = new ConcurrentHashMap<>();

    PhoneNumbers(String defaultRegion) {
        this.defaultRegion = defaultRegion;
        this.defaultCountryCode = PHONES.getCountryCodeForRegion(defaultRegion);
    }

    /** The number in E.164, or null when libphonenumber finds it invalid (then {@link #problem} says why). */
    String e164(String raw) {
        Phonenumber.PhoneNumber quick = shortcut(raw);
        if (quick != null) {
            return PHONES.format(quick, PhoneNumberUtil.PhoneNumberFormat.E164);
        }
        try {
            Phonenumber.PhoneNumber number = PHONES.parse(raw, defaultRegion);
            return PHONES.isValidNumber(number) ? PHONES.format(number, PhoneNumberUtil.PhoneNumberFormat.E164) : null;
        } catch (NumberParseException e) {
            return null;
        }
    }

    /** Why libphonenumber refuses the number, for the error message. */
    String problem(String raw) {
        try {
            Phonenumber.PhoneNumber number = PHONES.parse(raw, defaultRegion);
            return "is not a valid phone number for region "
                    + (raw.startsWith("+") ? PHONES.getRegionCodeForNumber(number) : defaultRegion)
                    + " (write it with the country code, e.g. +86 138 0013 8000)";
        } catch (NumberParseException e) {
            return "is not a phone number: " + e.getMessage();
        }
    }

    /** The number built from its digits when that cannot differ from parse and it is valid; else null. */
    Phonenumber.PhoneNumber shortcut(String raw) {
        if (!PLAIN.matcher(raw).matches()) {
            return null;
        }
        StringBuilder onlyDigits = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c >= '0' && c <= '9') {
                onlyDigits.append(c);
            }
        }
        String digits = onlyDigits.toString();
        int countryCode;
        String national;
        if (raw.charAt(0) == '+') {
            if (digits.charAt(0) == '0') {
                return null;
            }
            countryCode = 0;
            national = null;
            for (int length = 1; length <= 3 && length < digits.length(); length++) {
                int candidate = Integer.parseInt(digits.substring(0, length));
                if (!PhoneNumberUtil.REGION_CODE_FOR_NON_GEO_ENTITY.equals(PHONES.getRegionCodeForCountryCode(candidate))
                        && !"ZZ".equals(PHONES.getRegionCodeForCountryCode(candidate))) {
                    countryCode = candidate;
                    national = digits.substring(length);
                    break;
                }
            }
            if (national == null) {
                return null;
            }
        } else {
            if (defaultCountryCode == 0 || digits.startsWith(String.valueOf(defaultCountryCode))
                    || startsWith(internationalPrefixes, defaultRegion, digits, true)) {
                return null;
            }
            countryCode = defaultCountryCode;
            national = digits;
        }
        if (national.isEmpty() || national.length() > 17 || national.charAt(0) == '0'
                || startsWithNationalPrefix(countryCode, national)) {
            return null;
        }
        Phonenumber.PhoneNumber number = new Phonenumber.PhoneNumber().setCountryCode(countryCode)
                .setNationalNumber(Long.parseLong(national));
        return PHONES.isValidNumber(number) ? number : null;
    }

    private boolean startsWithNationalPrefix(int countryCode, String national) {
        return startsWith(nationalPrefixes, PHONES.getRegionCodeForCountryCode(countryCode), national, false);
    }

    /** Whether the digits start with the region's national prefix (or carrier code), or its international prefix. */
    private static boolean startsWith(Map<String, Optional<Pattern>> cache, String region, String digits,
            boolean international) {
        Optional<Pattern> prefix = cache.computeIfAbsent(region, r -> {
            Phonemetadata.PhoneMetadata metadata = METADATA.getMetadataForRegion(r);
            if (metadata == null) {
                return Optional.empty();
            }
            String pattern = international ? metadata.getInternationalPrefix()
                    : metadata.getNationalPrefixForParsing().isEmpty() ? metadata.getNationalPrefix()
                    : metadata.getNationalPrefixForParsing();
            return pattern.isEmpty() ? Optional.empty() : Optional.of(Pattern.compile(pattern));
        });
        return prefix.map(p -> p.matcher(digits).lookingAt()).orElse(false);
    }
}
