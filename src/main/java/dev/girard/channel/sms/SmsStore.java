package dev.girard.channel.sms;

import java.time.Clock;
import java.util.List;

import org.jdbi.v3.core.Jdbi;

/** What the SMS channel keeps: replies received, opt-in confirmations sent, and customers by number. */
public final class SmsStore {
    // A provider's message id is stored once: a webhook delivered twice is recorded (and acted on) once.
    private static final String RECORD_REPLY = """
            INSERT INTO sms_inbound (provider_id, from_number, body, action, customers, received_at)
            VALUES (:providerId, :from, :body, :action, :customers, :now)
            ON CONFLICT (provider_id) DO NOTHING
            """;
    // At most one opt-in confirmation per consent record: the insert is the claim.
    private static final String CLAIM_CONFIRMATION = """
            INSERT INTO sms_optin_confirmations (consent_id, customer_id, sent_at) VALUES (:consentId, :customerId, :now)
            ON CONFLICT (consent_id) DO NOTHING
            """;

    private final Jdbi jdbi;
    private final Clock clock;

    public SmsStore(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** A customer reached at a number, with the language texts to them are written in. */
    public record Recipient(long id, String locale) {
        public boolean chinese() {
            return locale != null && locale.toLowerCase(java.util.Locale.ROOT).startsWith("zh");
        }
    }

    /** The customers whose phone is this E.164 number (a family may share one). */
    public List<Recipient> customersAt(String phone) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, locale FROM customers WHERE phone = :phone ORDER BY id")
                .bind("phone", phone).map((rs, ctx) -> new Recipient(rs.getLong("id"), rs.getString("locale"))).list());
    }

    /** Records a reply; false when the provider delivered this message before. */
    public boolean recordReply(String providerId, String from, String body, String action, int customers) {
        return jdbi.withHandle(h -> h.createUpdate(RECORD_REPLY).bind("providerId", providerId).bind("from", from)
                .bind("body", body).bind("action", action).bind("customers", customers).bind("now", clock.millis())
                .execute()) > 0;
    }

    /** Claims the confirmation of this grant; false when it was sent (or is being sent) already. */
    public boolean claimConfirmation(long consentId, long customerId) {
        return jdbi.withHandle(h -> h.createUpdate(CLAIM_CONFIRMATION).bind("consentId", consentId)
                .bind("customerId", customerId).bind("now", clock.millis()).execute()) > 0;
    }

    /** Gives a claim back after the confirmation could not be sent, so the next text tries again. */
    public void releaseConfirmation(long consentId) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM sms_optin_confirmations WHERE consent_id = :consentId")
                .bind("consentId", consentId).execute());
    }
}
