package dev.girard.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.girard.App;
import dev.girard.core.InvalidInputException;
import dev.girard.customer.Customer;
import dev.girard.support.Api;
import dev.girard.support.TestApps;
import dev.girard.support.Waiting;

/** Customer CSV files as shops and spreadsheets really write them. */
class CustomerCsvImportTest {
    // A header with a quoted first column, Chinese and accented names, an IDN domain, a quoted field with
    // an embedded newline and doubled quotes, and a comma inside quotes.
    private static final List<String> LINES = List.of(
            "\"external_id\",名,姓,邮箱,手机,生日,城市,notes",
            "C1,芳,王,wang.fang@example.cn,138 0013 8000,1985-03-07,上海,\"喜欢\"\"绿茶\"\"\n第二行\"",
            "C2,Anna,Smith,anna@例子.中国,+44 20 7946 0958,1990/11/23,London,plain",
            "C3,José,García,jose@example.es,,7.4.1975,Sevilla,\"a, b\"");

    @TempDir
    Path dir;

    private App app;
    private Api api;

    @BeforeEach
    void start() {
        app = TestApps.serve(TestApps.config(dir.resolve("data"), Map.of("girard.import.columns", "email=Mail Address")));
        api = new Api("http://127.0.0.1:" + app.port(), app.users.addUserWithToken("m", "marketer", "test"));
    }

    @AfterEach
    void stop() {
        app.close();
    }

    private ImportReport importBytes(String name, byte[] bytes, String encoding) throws Exception {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        return app.imports.importFile(file, name, encoding, app.customerImport, CsvImporter.Listener.NONE);
    }

    private static String text(String separator) {
        return String.join(separator, LINES) + separator;
    }

    private static byte[] strictly(Charset charset, String text) throws CharacterCodingException {
        ByteBuffer buffer = charset.newEncoder().onUnmappableCharacter(CodingErrorAction.REPORT)
                .onMalformedInput(CodingErrorAction.REPORT).encode(CharBuffer.wrap(text));
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void the_same_customers_in_every_encoding_and_line_ending_yield_identical_rows() throws Exception {
        ImportReport first = importBytes("utf8.csv", strictly(StandardCharsets.UTF_8, text("\n")), null);
        assertThat(first.errors()).isEmpty();
        assertThat(first.encoding()).isEqualTo("UTF-8");
        assertThat(first.changed()).isEqualTo(3);

        Customer wang = app.customerStore.findByExternalId("C1").orElseThrow();
        assertThat(wang.lastName() + wang.firstName()).isEqualTo("王芳");
        assertThat(wang.phone()).isEqualTo("+8613800138000");
        assertThat(wang.birthday()).isEqualTo(LocalDate.of(1985, 3, 7));
        assertThat(wang.city()).isEqualTo("上海");
        assertThat(wang.attributes()).containsEntry("notes", "喜欢\"绿茶\"\n第二行");
        Customer anna = app.customerStore.findByExternalId("C2").orElseThrow();
        assertThat(anna.email()).isEqualTo("anna@xn--fsqu00a.xn--fiqs8s");
        assertThat(anna.phone()).isEqualTo("+442079460958");
        assertThat(anna.birthday()).isEqualTo(LocalDate.of(1990, 11, 23));
        Customer jose = app.customerStore.findByExternalId("C3").orElseThrow();
        assertThat(jose.firstName() + " " + jose.lastName()).isEqualTo("José García");
        assertThat(jose.birthday()).isEqualTo(LocalDate.of(1975, 4, 7));
        assertThat(jose.attributes()).containsEntry("notes", "a, b");

        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] utf16Bom = {(byte) 0xFF, (byte) 0xFE};
        Map<String, byte[]> variants = new java.util.LinkedHashMap<>();
        variants.put("utf8-bom.csv", concat(bom, strictly(StandardCharsets.UTF_8, text("\n"))));
        variants.put("gbk.csv", strictly(Charset.forName("GBK"), text("\n")));
        variants.put("gb18030-crlf.csv", strictly(Charset.forName("GB18030"), text("\r\n")));
        variants.put("utf16le-bom.csv", concat(utf16Bom, strictly(StandardCharsets.UTF_16LE, text("\r\n"))));
        variants.put("utf16be-bom.csv", strictly(StandardCharsets.UTF_16, text("\n")));
        variants.put("utf8-crlf.csv", strictly(StandardCharsets.UTF_8, text("\r\n")));
        for (var variant : variants.entrySet()) {
            ImportReport again = importBytes(variant.getKey(), variant.getValue(), null);
            assertThat(again.errors()).as(variant.getKey()).isEmpty();
            assertThat(again.rows()).as(variant.getKey()).isEqualTo(3);
            assertThat(again.changed()).as(variant.getKey() + " changed nothing").isZero();
            assertThat(again.unchanged()).as(variant.getKey()).isEqualTo(3);
        }
        assertThat(importBytes("gbk-again.csv", strictly(Charset.forName("GBK"), text("\n")), null).encoding())
                .isEqualTo("GB18030");
        assertThat(app.customerStore.count()).isEqualTo(3);
    }

    @Test
    void bad_rows_are_reported_exactly_and_every_valid_row_is_kept() throws Exception {
        String csv = """
                external_id,email,phone,birthday
                E1,good@example.com,+86 138 0013 8000,1980-01-31
                E2,not-an-email,,
                E3,bad@,13800138000,
                E4,ok4@example.com,12345,
                E5,ok5@example.com,,2023-02-30
                E6,ok6@example.com,,1990-13-01
                E1,dup@example.com,,
                E7,Ann <ann@example.com>,,
                E8,ok8@example.com,,1990-02-28
                E9,ok9@example.com,,03/04/1990
                """;
        ImportReport report = importBytes("bad.csv", csv.getBytes(StandardCharsets.UTF_8), null);
        assertThat(report.errors()).extracting(e -> e.line() + " " + e.column() + " " + e.value()).containsExactly(
                "3 email not-an-email",
                "4 email bad@",
                "5 phone 12345",
                "6 birthday 2023-02-30",
                "7 birthday 1990-13-01",
                "8 external_id E1",
                "9 email Ann <ann@example.com>",
                "11 birthday 03/04/1990");
        assertThat(report.errors().get(3).reason()).contains("not a day of the calendar");
        assertThat(report.errors().get(5).reason()).isEqualTo("duplicate external id: line 2 has it already");
        assertThat(report.errors().get(7).reason()).contains("ambiguous");
        assertThat(report.rows()).isEqualTo(10);
        assertThat(report.refused()).isEqualTo(8);
        assertThat(report.changed()).isEqualTo(2);
        assertThat(app.customerStore.findByExternalId("E1").orElseThrow().email()).isEqualTo("good@example.com");
        assertThat(app.customerStore.findByExternalId("E8")).isPresent();
        assertThat(app.customerStore.count()).isEqualTo(2);

        ImportStatus recorded = app.imports.store().get(report.importId());
        assertThat(recorded.status()).isEqualTo("finished");
        assertThat(recorded.rowsDone()).isEqualTo(10);
        assertThat(recorded.rowsFailed()).isEqualTo(8);
        assertThat(recorded.rowsStored()).isEqualTo(2);
        assertThat(recorded.encoding()).isEqualTo("UTF-8");

        Api.Response errors = api.get("/api/imports/" + report.importId() + "/errors");
        assertThat(errors.status()).isEqualTo(200);
        assertThat(errors.body()).startsWith("\uFEFFline,column,value,reason\r\n3,email,not-an-email,");
        assertThat(errors.body().lines().skip(1).map(l -> l.substring(0, l.indexOf(',', l.indexOf(',') + 1))).toList())
                .containsExactly("3,email", "4,email", "5,phone", "6,birthday", "7,birthday", "8,external_id",
                        "9,email", "11,birthday");
        assertThat(errors.body()).contains("9,email,Ann <ann@example.com>,");

        ImportReport again = importBytes("bad.csv", csv.getBytes(StandardCharsets.UTF_8), null);
        assertThat(again.changed()).isZero();
        assertThat(again.unchanged()).isEqualTo(2);
        assertThat(app.customerStore.count()).isEqualTo(2);
    }

    @Test
    void a_file_that_no_encoding_decodes_is_refused_with_the_line_and_nothing_is_stored() throws Exception {
        byte[] good = "external_id,first_name\nA1,Ann\n".getBytes(StandardCharsets.UTF_8);
        byte[] broken = concat(good, new byte[] {'A', '2', ',', (byte) 0x80, '\n'});
        assertThatThrownBy(() -> importBytes("broken.csv", broken, null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("neither UTF-8 nor GB18030").hasMessageContaining("line 3");
        assertThat(app.customerStore.count()).isZero();
        assertThat(app.imports.store().recent(1).get(0).status()).isEqualTo("failed");
    }

    @Test
    void the_connection_an_import_wrote_through_goes_back_to_the_pool_with_the_usual_settings() throws Exception {
        importBytes("customers.csv", text("\n").getBytes(StandardCharsets.UTF_8), null);
        int poolSize = app.config.getInt(dev.girard.config.ConfigKey.DB_POOL_SIZE);
        List<org.jdbi.v3.core.Handle> handles = new java.util.ArrayList<>();
        try {
            // every connection of the pool at once, so the import's is among them
            for (int i = 0; i < poolSize; i++) {
                handles.add(app.database.jdbi().open());
            }
            for (org.jdbi.v3.core.Handle handle : handles) {
                assertThat(handle.createQuery("PRAGMA wal_autocheckpoint").mapTo(Integer.class).one())
                        .as("pages of write-ahead log before a checkpoint").isEqualTo(1000);
            }
        } finally {
            handles.forEach(org.jdbi.v3.core.Handle::close);
        }
    }

    @Test
    void a_batch_the_database_refuses_fails_the_import_with_nothing_of_it_stored_and_a_reimport_completes_it()
            throws Exception {
        // one app per process: this test's, with batches of 100 rows, replaces the usual one
        app.close();
        app = App.open(TestApps.config(dir.resolve("small-batches"), Map.of("girard.import.batch.size", "100")),
                java.time.Clock.systemUTC());
        App small = app;
        StringBuilder csv = new StringBuilder("external_id,email\n");
        for (int i = 1; i <= 400; i++) {
            // two refused rows: one in the second batch (stored with it), one in the third (which fails)
            csv.append("C%04d,%s\n".formatted(i, i == 150 || i == 260 ? "not-an-address" : "c" + i + "@example.org"));
        }
        Path file = dir.resolve("four-batches.csv");
        Files.writeString(file, csv);
        // the database refuses the third batch's row C0250, as a full disk or a broken connection would
        small.database.jdbi().useHandle(h -> h.execute("""
                CREATE TRIGGER refuse_c0250 BEFORE INSERT ON customers WHEN NEW.external_id = 'C0250'
                BEGIN SELECT RAISE(ABORT, 'no room left on the device'); END
                """));
        assertThatThrownBy(() -> small.imports.importFile(file, "four-batches.csv", null, small.customerImport,
                CsvImporter.Listener.NONE)).hasMessageContaining("no room left on the device");

        ImportStatus failed = small.imports.store().recent(1).get(0);
        assertThat(failed.status()).isEqualTo(ImportStatus.FAILED);
        assertThat(failed.error()).contains("four-batches.csv").contains("no room left on the device");
        // the first two batches (rows 1-201, one refused) and nothing of the third
        assertThat(failed.rowsDone()).isEqualTo(201);
        assertThat(failed.rowsStored()).isEqualTo(200);
        assertThat(failed.rowsFailed()).isEqualTo(1);
        assertThat(count(small, "SELECT COUNT(*) FROM customers")).isEqualTo("200");
        assertThat(count(small, "SELECT MAX(external_id) FROM customers")).isEqualTo("C0201");
        List<Long> errorLines = small.database.jdbi().withHandle(h -> h.createQuery(
                "SELECT line FROM import_errors WHERE import_id = :id").bind("id", failed.id()).mapTo(Long.class)
                .list());
        assertThat(errorLines).containsExactly(151L);

        small.database.jdbi().useHandle(h -> h.execute("DROP TRIGGER refuse_c0250"));
        ImportReport again = small.imports.importFile(file, "four-batches.csv", null, small.customerImport,
                CsvImporter.Listener.NONE);
        assertThat(again.rows()).isEqualTo(400);
        assertThat(again.changed()).isEqualTo(198);
        assertThat(again.refused()).isEqualTo(2);
        assertThat(count(small, "SELECT COUNT(*) FROM customers")).isEqualTo("398");
        ImportReport third = small.imports.importFile(file, "four-batches.csv", null, small.customerImport,
                CsvImporter.Listener.NONE);
        assertThat(third.changed()).isZero();
    }

    @Test
    void a_large_file_into_an_empty_table_loads_without_the_secondary_indexes_and_leaves_them_all_built()
            throws Exception {
        List<String> migrated = customerIndexes();
        Path file = dir.resolve("large.csv");
        try (var out = Files.newBufferedWriter(file)) {
            out.write("external_id,first_name,email,phone,birthday\n");
            // past the 16 MB from which a file into a small table loads with the indexes dropped
            for (int i = 1; i <= 200_000; i++) {
                out.write("C%07d,Some rather long given name %d,customer.number.%d@example.org,+86 138 %04d %04d,19%02d-%02d-%02d\n"
                        .formatted(i, i, i, i % 10_000, i / 10_000, 50 + i % 50, 1 + i % 12, 1 + i % 28));
            }
        }
        assertThat(Files.size(file)).isGreaterThan(16L << 20);
        ImportReport report = app.imports.importFile(file, "large.csv", null, app.customerImport,
                CsvImporter.Listener.NONE);
        assertThat(report.changed()).isEqualTo(200_000);
        assertThat(customerIndexes()).isEqualTo(migrated).contains("customers_email", "sms_customers_phone",
                "customers_birth_md");
        assertThat(count(app, "SELECT COUNT(*) FROM customers WHERE email = 'customer.number.123456@example.org'"))
                .isEqualTo("1");
    }

    @Test
    void indexes_a_bulk_load_left_dropped_are_built_again_when_girard_starts() {
        List<String> migrated = customerIndexes();
        app.database.jdbi().useHandle(h -> h.execute("DROP INDEX customers_email"));
        assertThat(customerIndexes()).doesNotContain("customers_email");
        app.close();
        app = TestApps.serve(TestApps.config(dir.resolve("data"), Map.of()));
        assertThat(customerIndexes()).isEqualTo(migrated);
    }

    private List<String> customerIndexes() {
        return app.database.jdbi().withHandle(h -> {
            java.util.TreeSet<String> names = new java.util.TreeSet<>();
            try (var rs = h.getConnection().getMetaData().getIndexInfo(null, null, "customers", false, false)) {
                while (rs.next()) {
                    if (rs.getString("INDEX_NAME") != null) {
                        names.add(rs.getString("INDEX_NAME"));
                    }
                }
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
            return List.copyOf(names);
        });
    }

    private static String count(App app, String sql) {
        return app.database.jdbi().withHandle(h -> h.createQuery(sql).mapTo(String.class).one());
    }

    @Test
    void a_named_encoding_overrides_detection() throws Exception {
        byte[] big5 = strictly(Charset.forName("Big5"), "external_id,姓,名\nB1,陳,大文\n");
        ImportReport report = importBytes("big5.csv", big5, "Big5");
        assertThat(report.errors()).isEmpty();
        assertThat(report.encoding()).isEqualTo("Big5");
        assertThat(app.customerStore.findByExternalId("B1").orElseThrow().lastName()).isEqualTo("陳");
        assertThatThrownBy(() -> importBytes("big5.csv", big5, "Klingon-8"))
                .hasMessageContaining("not a known encoding");
    }

    @Test
    void a_configured_header_name_maps_to_its_field() throws Exception {
        ImportReport report = importBytes("mapped.csv",
                "Customer No,Mail Address\nM1,m1@example.com\n".getBytes(StandardCharsets.UTF_8), null);
        assertThat(report.errors()).isEmpty();
        assertThat(app.customerStore.findByExternalId("M1").orElseThrow().email()).isEqualTo("m1@example.com");
    }

    @Test
    void an_api_upload_in_gbk_runs_in_the_background_and_reports_progress() {
        byte[] gbk;
        try {
            gbk = strictly(Charset.forName("GBK"), text("\r\n"));
        } catch (CharacterCodingException e) {
            throw new AssertionError(e);
        }
        Api.Response started = api.postBytes("/api/customers/import?background=true", "text/csv", gbk);
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        long id = started.json().get("id").asLong();
        JsonNode done = Waiting.until("the import to finish", Duration.ofSeconds(20),
                () -> api.get("/api/imports/" + id).json(), s -> !s.get("status").asText().equals("running"));
        assertThat(done.get("status").asText()).isEqualTo("finished");
        assertThat(done.get("encoding").asText()).isEqualTo("GB18030");
        assertThat(done.get("rowsDone").asLong()).isEqualTo(3);
        assertThat(done.get("rowsChanged").asLong()).isEqualTo(3);
        assertThat(done.get("bytesDone").asLong()).isEqualTo(gbk.length);
        assertThat(app.customerStore.findByExternalId("C1").orElseThrow().city()).isEqualTo("上海");

        Api.Response bad = api.postBytes("/api/customers/import?encoding=nope", "text/csv", gbk);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(api.get("/api/imports/999").status()).isEqualTo(404);
    }
}
