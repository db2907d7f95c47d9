package dev.girard.channel.sms;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;

import dev.girard.channel.Outcome;
import dev.girard.customer.Consent;
import dev.girard.customer.ConsentStore;

/**
 * Texts customers send back. An opt-out word (STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT, 退订, TD;
 * case and spaces ignored) withdraws SMS consent for every customer at that number, right away (sends
 * already planned check consent again before they go), and is answered with one confirmation. HELP is
 * answered with the business name and contact. Every reply is recorded.
 */
public final class SmsInbound implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SmsInbound.class);
    private static final Set<String> STOP_WORDS = Set.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "退订", "TD");
    private static final Set<String> CHINESE_STOP_WORDS = Set.of("退订", "TD");
    private static final int ANSWER_ATTEMPTS = 3;
    static final String SOURCE = "sms reply";

    public enum Action {
        OPTED_OUT, HELP, NONE, DUPLICATE;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What a reply did: the action and how many customers it concerned. */
    public record Result(Action action, int customers) {
    }

    private final SmsStore store;
    private final ConsentStore consents;
    private final SmsGateway gateway;
    private final SmsWording wording;
    private final String defaultRegion;
    private final Clock clock;
    private final ExecutorService answers = Executors.newSingleThreadExecutor(r -> new Thread(r, "girard-sms-answers"));

    public SmsInbound(SmsStore store, ConsentStore consents, SmsGateway gateway, SmsWording wording, String defaultRegion,
            Clock clock) {
        this.store = store;
        this.consents = consents;
        this.gateway = gateway;
        this.wording = wording;
        this.defaultRegion = defaultRegion;
        this.clock = clock;
    }

    /**
     * @param providerId the provider's id of the incoming message (Twilio's MessageSid), if it gives one:
     *                   the same id a second time is recorded as a duplicate and does nothing
     */
    public Result receive(String from, String body, String providerId) {
        String number = e164(from);
        String word = keyword(body);
        Action action = STOP_WORDS.contains(word) ? Action.OPTED_OUT : word.equals("HELP") ? Action.HELP : Action.NONE;
        List<SmsStore.Recipient> recipients = store.customersAt(number);
        if (!store.recordReply(blankToNull(providerId), number, body, action.id(), recipients.size())) {
            return new Result(Action.DUPLICATE, recipients.size());
        }
        boolean zh = CHINESE_STOP_WORDS.contains(word) || !recipients.isEmpty() && recipients.get(0).chinese();
        switch (action) {
            case OPTED_OUT -> {
                for (SmsStore.Recipient recipient : recipients) {
                    consents.record(new Consent(null, recipient.id(), SmsChannel.ID, false, clock.instant(), SOURCE, body));
                }
                LOG.info("{} opted out of texts by reply ({} customers)", mask(number), recipients.size());
                answer(number, wording.stopped(zh), "stop");
            }
            case HELP -> answer(number, wording.help(zh), "help");
            default -> LOG.info("Reply from {} is not a keyword; recorded", mask(number));
        }
        return new Result(action, recipients.size());
    }

    /** The reply's keyword: spaces (also full-width ones) and surrounding punctuation dropped, upper case. */
    static String keyword(String body) {
        String word = body == null ? "" : body.replaceAll("[\\s\\u3000]+", "");
        word = word.replaceAll("^[\\p{P}\\p{S}]+|[\\p{P}\\p{S}]+$", "");
        return word.toUpperCase(Locale.ROOT);
    }

    private String e164(String from) {
        String raw = from == null ? "" : from.strip();
        try {
            PhoneNumberUtil phones = PhoneNumberUtil.getInstance();
            return phones.format(phones.parse(raw, defaultRegion), PhoneNumberUtil.PhoneNumberFormat.E164);
        } catch (NumberParseException e) {
            return raw;
        }
    }

    /** Sent in the background so the provider's webhook gets its answer at once; a busy gateway is tried again. */
    private void answer(String number, String text, String kind) {
        answers.execute(() -> {
            String reference = "girard-" + kind + "-" + clock.millis();
            for (int attempt = 1; attempt <= ANSWER_ATTEMPTS; attempt++) {
                Outcome outcome = gateway.send(new SmsMessage(number, text, reference));
                if (outcome.kind() != Outcome.Kind.RETRY) {
                    if (outcome.kind() == Outcome.Kind.FAILED) {
                        LOG.warn("The {} answer to {} failed: {}", kind, mask(number), outcome.detail());
                    }
                    return;
                }
                Duration wait = outcome.retryAfter() != null ? outcome.retryAfter() : Duration.ofSeconds(2L * attempt);
                try {
                    Thread.sleep(Math.min(wait.toMillis(), Duration.ofMinutes(1).toMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            LOG.warn("The {} answer to {} could not be sent after {} attempts", kind, mask(number), ANSWER_ATTEMPTS);
        });
    }

    /** A number in logs: only its last three digits. */
    private static String mask(String number) {
        return number.length() <= 3 ? "***" : "***" + number.substring(number.length() - 3);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    @Override
    public void close() {
        answers.shutdown();
        try {
            answers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
