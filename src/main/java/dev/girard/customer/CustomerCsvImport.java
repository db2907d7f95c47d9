package dev.girard.customer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.jdbi.v3.core.Jdbi;

import dev.girard.core.FieldError;
import dev.girard.core.InvalidInputException;

/**
 * Imports customers from CSV: a header row names the columns (in any order, by any of their usual names),
 * valid rows are upserted by external id in batches, and every invalid row is reported with its line.
 * Columns that are not customer fields become custom attributes.
 */
public final class CustomerCsvImport {
    private static final Map<String, String> ALIASES = aliases();

    private final Jdbi jdbi;
    private final CustomerStore store;
    private final CustomerValidator validator;
    private final int batchSize;

    public CustomerCsvImport(Jdbi jdbi, CustomerStore store, CustomerValidator validator, int batchSize) {
        this.jdbi = jdbi;
        this.store = store;
        this.validator = validator;
        this.batchSize = batchSize;
    }

    /** Reads UTF-8 (with or without a byte-order mark); bytes that are not UTF-8 stop the import with a message. */
    public ImportReport importFrom(InputStream in, String source) {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            PushbackReader reader = new PushbackReader(new BufferedReader(new InputStreamReader(in, decoder)));
            int first = reader.read();
            if (first != -1 && first != '\uFEFF') {
                reader.unread(first);
            }
            return importFrom(reader, source);
        } catch (CharacterCodingException e) {
            throw new InvalidInputException("file", source, "is not UTF-8 text; save it as CSV UTF-8");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + source, e);
        }
    }

    /**
     * @param source the file name, for messages
     * @throws InvalidInputException when the header lacks a required column; then nothing is imported
     */
    public ImportReport importFrom(Reader reader, String source) {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true).setTrim(true).get();
        try (CSVParser parser = CSVParser.builder().setReader(reader).setFormat(format).get()) {
            Map<String, String> fieldByHeader = mapHeader(parser.getHeaderNames(), source);
            List<ImportReport.RowError> errors = new ArrayList<>();
            Map<String, Long> firstLineOf = new HashMap<>();
            List<Customer> batch = new ArrayList<>(batchSize);
            int rows = 0;
            int[] changed = {0};
            Iterator<CSVRecord> records = parser.iterator();
            while (true) {
                long line = parser.getCurrentLineNumber() + 1;
                if (!records.hasNext()) {
                    break;
                }
                CSVRecord record = records.next();
                rows++;
                Customer customer = parseRow(record, line, fieldByHeader, errors);
                if (customer == null) {
                    continue;
                }
                Long earlier = firstLineOf.putIfAbsent(customer.externalId(), line);
                if (earlier != null) {
                    errors.add(new ImportReport.RowError(line, headerOf(fieldByHeader, "externalId"),
                            customer.externalId(), "duplicate external id: line " + earlier + " has it already"));
                    continue;
                }
                batch.add(customer);
                if (batch.size() == batchSize) {
                    changed[0] += write(batch);
                    batch.clear();
                }
            }
            changed[0] += write(batch);
            int valid = rows - errors.size();
            return new ImportReport(source, rows, changed[0], valid - changed[0], errors);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + source, e);
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof CharacterCodingException) {
                throw new InvalidInputException("file", source, "is not UTF-8 text; save it as CSV UTF-8");
            }
            throw new InvalidInputException("file", source, "is not valid CSV: " + e.getMessage());
        } catch (IllegalStateException e) {
            // commons-csv reports malformed quoting this way; say where
            throw new InvalidInputException("file", source, "is not valid CSV: " + e.getMessage());
        }
    }

    private int write(List<Customer> batch) {
        if (batch.isEmpty()) {
            return 0;
        }
        return jdbi.inTransaction(handle -> {
            int changed = 0;
            for (Customer customer : batch) {
                if (store.upsert(handle, customer)) {
                    changed++;
                }
            }
            return changed;
        });
    }

    private Customer parseRow(CSVRecord record, long line, Map<String, String> fieldByHeader,
            List<ImportReport.RowError> errors) {
        if (!record.isConsistent()) {
            errors.add(new ImportReport.RowError(line, "", "", "has " + record.size() + " columns, the header has "
                    + fieldByHeader.size()));
            return null;
        }
        Map<String, String> fields = new HashMap<>();
        Map<String, Object> attributes = new LinkedHashMap<>();
        fieldByHeader.forEach((header, field) -> {
            String value = record.get(header);
            if (field.startsWith("attr:")) {
                if (!value.isBlank()) {
                    attributes.put(field.substring(5), value);
                }
            } else {
                fields.put(field, value);
            }
        });
        CustomerValidator.Result result = validator.validate(fields, attributes);
        for (FieldError error : result.errors()) {
            errors.add(new ImportReport.RowError(line, headerOf(fieldByHeader, error.field()), error.value(), error.reason()));
        }
        return result.customer();
    }

    private static String headerOf(Map<String, String> fieldByHeader, String field) {
        return fieldByHeader.entrySet().stream().filter(e -> e.getValue().equals(field)).map(Map.Entry::getKey)
                .findFirst().orElse(field);
    }

    private static Map<String, String> mapHeader(List<String> headers, String source) {
        Map<String, String> fieldByHeader = new LinkedHashMap<>();
        Map<String, String> headerByField = new HashMap<>();
        for (String header : headers) {
            String field = ALIASES.get(normalise(header));
            if (field == null) {
                field = "attr:" + normalise(header);
            }
            String earlier = headerByField.putIfAbsent(field, header);
            if (earlier != null) {
                throw new InvalidInputException("header", header, "in " + source + " names the same field as column '"
                        + earlier + "'");
            }
            fieldByHeader.put(header, field);
        }
        if (!headerByField.containsKey("externalId")) {
            throw new InvalidInputException("header", String.join(",", headers), "in " + source
                    + " is missing the column external_id (also accepted: id, customer_id, 客户编号)");
        }
        return fieldByHeader;
    }

    private static String normalise(String header) {
        String h = Normalizer.normalize(header, Normalizer.Form.NFKC).strip().toLowerCase(Locale.ROOT);
        return h.replaceAll("[\\s\\-.]+", "_");
    }

    private static Map<String, String> aliases() {
        Map<String, String> a = new HashMap<>();
        put(a, "externalId", "external_id", "externalid", "id", "customer_id", "customerid", "客户编号", "客户id");
        put(a, "firstName", "first_name", "firstname", "given_name", "forename", "名");
        put(a, "lastName", "last_name", "lastname", "surname", "family_name", "姓");
        put(a, "email", "email", "e_mail", "mail", "email_address", "邮箱", "电子邮件");
        put(a, "phone", "phone", "mobile", "phone_number", "mobile_phone", "tel", "手机", "手机号", "电话");
        put(a, "addressLine1", "address_line1", "address_line_1", "address", "street", "地址");
        put(a, "addressLine2", "address_line2", "address_line_2");
        put(a, "city", "city", "town", "城市");
        put(a, "postalCode", "postal_code", "postcode", "zip", "zip_code", "邮编");
        put(a, "region", "region", "state", "province", "省份");
        put(a, "country", "country", "country_code", "国家");
        put(a, "birthday", "birthday", "birth_date", "date_of_birth", "dob", "生日");
        put(a, "locale", "locale", "language", "lang", "语言");
        put(a, "timeZone", "time_zone", "timezone", "tz", "时区");
        return Map.copyOf(a);
    }

    private static void put(Map<String, String> map, String field, String... names) {
        for (String name : names) {
            map.put(name, field);
        }
    }
}
