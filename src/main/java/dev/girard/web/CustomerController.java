package dev.girard.web;

import static io.javalin.apibuilder.ApiBuilder.delete;
import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.post;
import static io.javalin.apibuilder.ApiBuilder.put;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import com.fasterxml.jackson.core.type.TypeReference;

import dev.girard.core.InvalidInputException;
import dev.girard.core.Json;
import dev.girard.customer.Consent;
import dev.girard.customer.ConsentCsvImport;
import dev.girard.customer.ConsentStore;
import dev.girard.customer.ConsentValidator;
import dev.girard.customer.Customer;
import dev.girard.customer.CustomerCsvImport;
import dev.girard.customer.CustomerService;
import dev.girard.customer.CustomerStats;
import dev.girard.customer.CustomerStore;
import dev.girard.customer.PurchaseCsvImport;
import dev.girard.customer.PurchaseStore;
import dev.girard.imports.ImportStatus;
import dev.girard.imports.Imports;
import dev.girard.imports.RowHandler;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;

/** /api/customers (with their stats and consents), /api/purchases, /api/consents/import and /api/stats/rebuild. */
public final class CustomerController {
    private static final int MAX_BATCH = 10_000;
    private static final TypeReference<List<Map<String, Object>>> LIST_OF_OBJECTS = new TypeReference<>() { };

    private final CustomerStore store;
    private final CustomerService service;
    private final CustomerCsvImport csvImport;
    private final PurchaseStore purchases;
    private final PurchaseCsvImport purchaseImport;
    private final ConsentStore consents;
    private final ConsentValidator consentValidator;
    private final ConsentCsvImport consentImport;
    private final CustomerStats stats;
    private final Imports imports;
    private final Clock clock;

    public CustomerController(CustomerStore store, CustomerService service, CustomerCsvImport csvImport,
            PurchaseStore purchases, PurchaseCsvImport purchaseImport, ConsentStore consents,
            ConsentValidator consentValidator, ConsentCsvImport consentImport, CustomerStats stats, Imports imports,
            Clock clock) {
        this.store = store;
        this.service = service;
        this.csvImport = csvImport;
        this.purchases = purchases;
        this.purchaseImport = purchaseImport;
        this.consents = consents;
        this.consentValidator = consentValidator;
        this.consentImport = consentImport;
        this.stats = stats;
        this.imports = imports;
        this.clock = clock;
    }

    void routes() {
        get("/api/customers", this::list);
        post("/api/customers", ctx -> ctx.status(201).json(service.create(Requests.jsonObject(ctx))));
        post("/api/customers/import", ctx -> importCsv(ctx, imports, csvImport));
        get("/api/customers/{id}", ctx -> ctx.json(withStats(store.get(Requests.pathId(ctx, "id")))));
        put("/api/customers/{id}", ctx -> ctx.json(service.update(Requests.pathId(ctx, "id"), Requests.jsonObject(ctx))));
        delete("/api/customers/{id}", ctx -> {
            store.delete(Requests.pathId(ctx, "id"));
            ctx.status(204);
        });
        get("/api/customers/{id}/purchases", ctx -> {
            long id = Requests.pathId(ctx, "id");
            store.get(id);
            ctx.json(purchases.forCustomer(id));
        });
        get("/api/customers/{id}/consents", this::consentProof);
        post("/api/customers/{id}/consents", this::recordConsent);
        post("/api/purchases", this::recordPurchases);
        post("/api/purchases/import", ctx -> importCsv(ctx, imports, purchaseImport));
        post("/api/consents/import", ctx -> importCsv(ctx, imports, consentImport));
        post("/api/stats/rebuild", ctx -> ctx.json(stats.rebuild()));
    }

    private Map<String, Object> withStats(Customer customer) {
        Map<String, Object> view = Json.MAPPER.convertValue(customer, new TypeReference<LinkedHashMap<String, Object>>() { });
        view.put("stats", stats.find(customer.id()).orElse(null));
        return view;
    }

    private void list(Context ctx) {
        int limit = Requests.queryInt(ctx, "limit", 50, 1, 1000);
        int offset = Requests.queryInt(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        String externalId = ctx.queryParam("externalId");
        if (externalId != null) {
            ctx.json(Map.of("customers", store.findByExternalId(externalId).stream().toList(), "total", store.count()));
            return;
        }
        ctx.json(Map.of("customers", store.search(ctx.queryParam("q"), limit, offset), "total", store.count()));
    }

    /** One purchase (a JSON object: 201 created, 200 recorded before) or a batch (a JSON array: 200 with each outcome). */
    private void recordPurchases(Context ctx) {
        String body = ctx.body();
        if (!body.stripLeading().startsWith("[")) {
            PurchaseStore.Recorded recorded = purchases.record(Requests.jsonObject(ctx));
            ctx.status(recorded.created() ? 201 : 200).json(recorded.purchase());
            return;
        }
        List<Map<String, Object>> batch;
        try {
            batch = Json.MAPPER.readValue(body, LIST_OF_OBJECTS);
        } catch (IOException e) {
            throw new InvalidInputException("body", null, "is not a JSON array of purchase objects: " + e.getMessage());
        }
        if (batch.size() > MAX_BATCH) {
            throw new InvalidInputException("body", batch.size() + " purchases", "is more than " + MAX_BATCH
                    + " in one request; send several, or import a CSV file (POST /api/purchases/import)");
        }
        List<PurchaseStore.BatchItem> items = purchases.recordBatch(batch);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("created", items.stream().filter(i -> i.status().equals("created")).count());
        result.put("unchanged", items.stream().filter(i -> i.status().equals("unchanged")).count());
        result.put("refused", items.stream().filter(i -> i.status().equals("refused")).count());
        result.put("results", items);
        ctx.json(result);
    }

    private void recordConsent(Context ctx) {
        Customer customer = store.get(Requests.pathId(ctx, "id"));
        Map<String, String> raw = new HashMap<>();
        Requests.jsonObject(ctx).forEach((key, value) -> {
            if (!ConsentValidator.FIELDS.contains(key) || key.equals("customerExternalId")) {
                throw new InvalidInputException(key, "", "is not a consent field (channel, granted, at, source, wording)");
            }
            if (value instanceof Boolean b) {
                raw.put(key, b ? "granted" : "withdrawn");
            } else if (value != null) {
                raw.put(key, value.toString());
            }
        });
        raw.put("customerExternalId", customer.externalId());
        RowHandler.Parsed<ConsentValidator.Input> parsed = consentValidator.validate(raw, null, clock.instant());
        if (!parsed.errors().isEmpty()) {
            throw new InvalidInputException(parsed.errors());
        }
        Consent given = parsed.value().consent();
        Consent consent = new Consent(null, customer.id(), given.channel(), given.granted(), given.at(), given.source(),
                given.wording());
        ConsentStore.Recorded recorded = consents.recordOnce(consent);
        ctx.status(recorded.created() ? 201 : 200).json(recorded.consent());
    }

    /** Every consent record of a customer and what they decide now: JSON, or CSV with {@code ?format=csv}. */
    private void consentProof(Context ctx) throws IOException {
        Customer customer = store.get(Requests.pathId(ctx, "id"));
        List<Consent> history = consents.history(customer.id());
        String format = ctx.queryParam("format") == null ? "json" : ctx.queryParam("format");
        if (format.equals("csv")) {
            ctx.contentType("text/csv; charset=utf-8");
            ctx.header("Content-Disposition", "attachment; filename=\"consents-" + customer.externalId() + ".csv\"");
            Writer out = new BufferedWriter(new OutputStreamWriter(ctx.outputStream(), StandardCharsets.UTF_8));
            out.write('\uFEFF');
            try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setRecordSeparator("\r\n").get())) {
                printer.printRecord("customer_external_id", "channel", "decision", "at", "source", "wording", "record_id");
                for (Consent c : history) {
                    printer.printRecord(customer.externalId(), c.channel(), c.granted() ? "granted" : "withdrawn", c.at(),
                            c.source(), c.wording(), c.id());
                }
            }
            return;
        }
        if (!format.equals("json")) {
            throw new InvalidInputException("format", format, "must be json or csv");
        }
        Map<String, Object> current = new LinkedHashMap<>();
        for (String channel : ConsentValidator.CHANNELS) {
            consents.latest(customer.id(), channel).ifPresent(c -> current.put(channel, c.granted() ? "granted" : "withdrawn"));
        }
        Map<String, Object> proof = new LinkedHashMap<>();
        proof.put("customerId", customer.id());
        proof.put("externalId", customer.externalId());
        proof.put("current", current);
        proof.put("records", history);
        ctx.json(proof);
    }

    /**
     * CSV as the request body (text/csv) or as the multipart field "file"; {@code ?encoding=} names the
     * file's encoding instead of detecting it; {@code ?background=true} answers 202 with the import's id at
     * once instead of waiting for the report.
     */
    static <T> void importCsv(Context ctx, Imports imports, RowHandler<T> handler) throws IOException {
        UploadedFile file = ctx.isMultipartFormData() ? ctx.uploadedFile("file") : null;
        if (ctx.isMultipartFormData() && file == null) {
            throw new InvalidInputException("file", "", "is required: send the CSV as the multipart field 'file'");
        }
        String source = file != null ? file.filename() : "request body";
        String encoding = ctx.queryParam("encoding");
        boolean background = Requests.queryBoolean(ctx, "background");
        try (InputStream in = file != null ? file.content() : ctx.bodyInputStream()) {
            if (background) {
                ImportStatus status = imports.startUpload(in, source, encoding, handler);
                ctx.status(202).header("Location", "/api/imports/" + status.id()).json(status);
            } else {
                ctx.json(imports.importUpload(in, source, encoding, handler));
            }
        }
    }
}
