package dev.girard.channel.sms;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.girard.channel.Channel;
import dev.girard.channel.Outcome;
import dev.girard.channel.Outgoing;
import dev.girard.customer.Consent;
import dev.girard.customer.ConsentStore;
import dev.girard.customer.Customer;
import dev.girard.delivery.RateLimiter;
import dev.girard.render.MessageModel;
import dev.girard.render.Sender;
import dev.girard.render.TemplateEngine;
import dev.girard.render.TemplateProblem;

/**
 * Text messages to the customer's E.164 phone number. Consent first: only customers whose latest SMS
 * consent record is a grant are texted (checked when a run is planned and again right before the send).
 * Each text is the rendered {@code sms/NAME/text.ftl} with the opt-out line in the customer's language
 * added here, so no template can forget it; texts wait for the recipient's daytime; each sent text
 * records its price by segments.
 */
public final class SmsChannel implements Channel {
    public static final String ID = "sms";

    private final SmsGateway gateway;
    private final TemplateEngine templates;
    private final ConsentStore consents;
    private final SmsStore store;
    private final QuietHours quietHours;
    private final SmsWording wording;
    private final Sender sender;
    private final long microsPerSegment;
    private final int maxSegments;
    private final boolean confirmOptIn;
    private final RateLimiter rate;
    private final Clock clock;

    public SmsChannel(SmsGateway gateway, TemplateEngine templates, ConsentStore consents, SmsStore store,
            QuietHours quietHours, SmsWording wording, Sender sender, long microsPerSegment, int maxSegments,
            boolean confirmOptIn, int perSecond, Clock clock) {
        this.gateway = gateway;
        this.templates = templates;
        this.consents = consents;
        this.store = store;
        this.quietHours = quietHours;
        this.wording = wording;
        this.sender = sender;
        this.microsPerSegment = microsPerSegment;
        this.maxSegments = maxSegments;
        this.confirmOptIn = confirmOptIn;
        this.rate = new RateLimiter(perSecond);
        this.clock = clock;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Optional<String> address(Customer customer) {
        return Optional.ofNullable(customer.phone()).filter(p -> !p.isBlank());
    }

    /** Texts only with a recorded opt-in: no record is no consent. */
    @Override
    public ConsentRule consentRule() {
        return ConsentRule.ONLY_IF_GRANTED;
    }

    @Override
    public Optional<Wait> waitUntil(Customer customer, Instant now) {
        return quietHours.waitUntil(customer, now);
    }

    /** The SMS templates available. */
    public List<String> templates() {
        return templates.smsTemplates();
    }

    @Override
    public Optional<String> templateProblem(String template) {
        List<String> problems = checkTemplate(template);
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
    }

    /**
     * Syntax, and length: the template is rendered for an English and a Chinese sample customer in every
     * month, and any render (with the opt-out line) over the maximum segments is reported.
     */
    public List<String> checkTemplate(String name) {
        if (!templates.smsTemplateExists(name)) {
            return List.of("is not an SMS template; available: " + String.join(", ", templates.smsTemplates()));
        }
        List<String> problems = new ArrayList<>();
        for (Customer sample : SAMPLES) {
            for (int month = 1; month <= 12; month++) {
                SmsPreview preview;
                try {
                    preview = render(name, sample, month);
                } catch (TemplateProblem e) {
                    return List.of(e.getMessage());
                }
                if (preview.count().segments() > maxSegments) {
                    problems.add("takes " + preview.count().segments() + " segments (" + preview.count().encoding()
                            + ", " + preview.count().characters() + " characters) for the sample customer "
                            + sample.fullName() + " in month " + month + "; at most " + maxSegments
                            + " (girard.sms.max.segments): shorten it");
                    break;
                }
            }
        }
        return problems;
    }

    /** Sample customers a template is measured on: long-ish names in both languages. */
    private static final List<Customer> SAMPLES = List.of(
            sample("sample-en", "Alexandra", "Richardson-Smith", "en-GB"),
            sample("sample-zh", "娜娜", "欧阳", "zh-CN"));

    private static Customer sample(String id, String first, String last, String locale) {
        return new Customer(0L, id, first, last, null, "+8613800138000", null, null, null, null, null, null,
                LocalDate.of(1990, 6, 15), locale, null, Map.of(), null, null);
    }

    /** The text as it would go to this customer in this month (1-12; 0 for the current one), with its segments and price. */
    public SmsPreview render(String template, Customer customer, int month) {
        ZonedDateTime when = ZonedDateTime.now(clock.withZone(ZoneOffset.UTC)).withDayOfMonth(1);
        if (month >= 1 && month <= 12) {
            when = when.withMonth(month);
        }
        String occurrence = String.format("%d-%02d", when.getYear(), when.getMonthValue());
        Map<String, Object> model = MessageModel.of(customer, "Preview", occurrence, when, sender, "");
        return preview(compose(template, model));
    }

    /**
     * A text rendered from a draft template (not saved yet), with the opt-out line added as it would be sent,
     * its segments and its price.
     */
    public SmsPreview previewRendered(String rendered, boolean chinese) {
        return preview(wording.withOptOut(rendered, chinese));
    }

    /** Segments and price of any text. */
    public SmsPreview preview(String text) {
        SmsSegments.Count count = SmsSegments.count(text);
        return new SmsPreview(text, count, count.costMicros(microsPerSegment));
    }

    private String compose(String template, Map<String, Object> model) {
        return wording.withOptOut(templates.renderSms(template, model), "zh".equals(model.get("lang")));
    }

    /** The gateway, for answers to replies (they are not campaign deliveries). */
    SmsGateway gateway() {
        return gateway;
    }

    @Override
    public Connection open() {
        return new Connection() {
            @Override
            public Outcome send(Outgoing message) {
                String text = compose(message.template(), message.model());
                if (confirmOptIn) {
                    Optional<Outcome> unconfirmed = confirmOptIn(message);
                    if (unconfirmed.isPresent()) {
                        return unconfirmed.get();
                    }
                }
                Outcome outcome = transmit(new SmsMessage(message.address(), text, "girard-" + message.deliveryId()));
                return outcome.kind() == Outcome.Kind.SENT
                        ? outcome.withCost(SmsSegments.count(text).costMicros(microsPerSegment)) : outcome;
            }

            @Override
            public void close() {
                // the gateway is shared by all workers and closed with the app
            }
        };
    }

    /** Sends one text through the gateway, at most {@code girard.sms.rate} a second over all workers. */
    private Outcome transmit(SmsMessage text) {
        try {
            rate.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.retry("interrupted while waiting for the SMS rate limit");
        }
        return gateway.send(text);
    }

    /**
     * Before the first text after an opt-in, the confirmation (once per grant). Returns the outcome that
     * stops this send when the confirmation could not go out; empty to go on.
     */
    private Optional<Outcome> confirmOptIn(Outgoing message) {
        long customerId = message.customer().id();
        Optional<Consent> grant = consents.latest(customerId, ID).filter(Consent::granted);
        if (grant.isEmpty() || !store.claimConfirmation(grant.get().id(), customerId)) {
            return Optional.empty();
        }
        boolean zh = "zh".equals(message.model().get("lang"));
        Outcome confirmation = transmit(new SmsMessage(message.address(), wording.optedIn(zh),
                "girard-" + message.deliveryId() + "-optin"));
        if (confirmation.kind() == Outcome.Kind.SENT) {
            return Optional.empty();
        }
        store.releaseConfirmation(grant.get().id());
        return Optional.of(confirmation);
    }
}
