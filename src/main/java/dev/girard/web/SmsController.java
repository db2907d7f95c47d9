package dev.girard.web;

import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.post;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.girard.channel.sms.InboundAuth;
import dev.girard.channel.sms.SmsChannel;
import dev.girard.channel.sms.SmsInbound;
import dev.girard.channel.sms.SmsPreview;
import dev.girard.core.FieldError;
import dev.girard.core.InvalidInputException;
import dev.girard.core.Json;
import dev.girard.customer.Customer;
import dev.girard.customer.CustomerStore;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.UnauthorizedResponse;

/**
 * SMS over HTTP: replies from the provider at {@code POST /sms/inbound} (Twilio's form or a generic JSON
 * body, never without a token or signature), and under /api the preview of an SMS template and the
 * segment count of any text.
 */
public final class SmsController {
    /** A reply is a text: a few kilobytes at most, whatever the provider wraps around it. */
    private static final long MAX_REPLY_BYTES = 64 * 1024;
    private static final String EMPTY_TWIML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>";

    private final SmsChannel channel;
    private final SmsInbound inbound;
    private final InboundAuth auth;
    private final CustomerStore customers;
    private final Supplier<String> baseUrl;

    /** @param baseUrl the server's public URL, which Twilio signs its webhook requests with */
    public SmsController(SmsChannel channel, SmsInbound inbound, InboundAuth auth, CustomerStore customers,
            Supplier<String> baseUrl) {
        this.channel = channel;
        this.inbound = inbound;
        this.auth = auth;
        this.customers = customers;
        this.baseUrl = baseUrl;
    }

    void routes() {
        post("/sms/inbound", this::inbound);
        get("/api/templates/sms/{name}/preview", this::preview);
        post("/api/sms/segments", this::segments);
    }

    private void inbound(Context ctx) {
        if (!auth.configured()) {
            throw new ForbiddenResponse("Replies are not accepted: set girard.sms.inbound.token or girard.sms.inbound.hmac.key, "
                    + "or configure the twilio gateway");
        }
        if (ctx.contentLength() > MAX_REPLY_BYTES) {
            throw new io.javalin.http.ContentTooLargeResponse("A reply may be at most " + MAX_REPLY_BYTES + " bytes");
        }
        String contentType = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(java.util.Locale.ROOT);
        String token = token(ctx);
        if (contentType.startsWith("application/x-www-form-urlencoded")) {
            Map<String, List<String>> form = ctx.formParamMap();
            String url = baseUrl.get() + ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
            if (!auth.twilioValid(url, form, ctx.header("X-Twilio-Signature")) && !auth.tokenValid(token)) {
                throw unauthorized(ctx.header("X-Twilio-Signature") != null
                        ? "The X-Twilio-Signature does not match (is girard.base.url the URL Twilio posts to?)" : null);
            }
            inbound.receive(required(first(form, "From"), "From"), required(first(form, "Body"), "Body"), first(form, "MessageSid"));
            ctx.contentType("text/xml; charset=utf-8").result(EMPTY_TWIML);
            return;
        }
        if (!auth.hmacValid(ctx.bodyAsBytes(), ctx.header("X-Girard-Signature")) && !auth.tokenValid(token)) {
            throw unauthorized(ctx.header("X-Girard-Signature") != null ? "The X-Girard-Signature does not match the body" : null);
        }
        Map<String, Object> body = Json.readObject(ctx.body(), "body");
        String from = required(text(body.get("from")), "from");
        String text = required(text(body.get("body")), "body");
        SmsInbound.Result result = inbound.receive(from, text, text(body.get("id")));
        ctx.json(Map.of("action", result.action().id(), "customers", result.customers()));
    }

    private static UnauthorizedResponse unauthorized(String why) {
        return new UnauthorizedResponse(why != null ? why : "A reply needs the shared token (?token=, X-Girard-Token or "
                + "Authorization: Bearer), an X-Girard-Signature or, from Twilio, an X-Twilio-Signature");
    }

    private static String token(Context ctx) {
        String header = ctx.header("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return header.substring(7);
        }
        return ctx.header("X-Girard-Token") != null ? ctx.header("X-Girard-Token") : ctx.queryParam("token");
    }

    private static String first(Map<String, List<String>> form, String name) {
        List<String> values = form.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(field, "", "is required");
        }
        return value;
    }

    private void preview(Context ctx) {
        String name = ctx.pathParam("name");
        if (!channel.templates().contains(name)) {
            throw new InvalidInputException("name", name, "is not an SMS template; available: "
                    + String.join(", ", channel.templates()));
        }
        Long customerId = Requests.queryLong(ctx, "customer");
        if (customerId == null) {
            throw new InvalidInputException("customer", "", "is required: the id of the customer to preview for");
        }
        Customer customer = customers.get(customerId);
        int month = Requests.queryInt(ctx, "month", 0, 0, 12);
        Map<String, Object> view = view(channel.render(name, customer, month));
        view.put("problems", channel.checkTemplate(name));
        ctx.json(view);
    }

    private void segments(Context ctx) {
        Map<String, Object> body = Requests.jsonObject(ctx);
        Object text = body.get("text");
        if (!(text instanceof String)) {
            throw new InvalidInputException(List.of(new FieldError("text", text == null ? "" : text.toString(),
                    "is required: the text to count")));
        }
        ctx.json(view(channel.preview((String) text)));
    }

    private static Map<String, Object> view(SmsPreview preview) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("text", preview.text());
        view.put("encoding", preview.count().encoding().name().replace('_', '-'));
        view.put("characters", preview.count().characters());
        view.put("units", preview.count().units());
        view.put("segments", preview.count().segments());
        view.put("costMicros", preview.costMicros());
        view.put("cost", java.math.BigDecimal.valueOf(preview.costMicros(), 6).stripTrailingZeros().toPlainString());
        return view;
    }
}
