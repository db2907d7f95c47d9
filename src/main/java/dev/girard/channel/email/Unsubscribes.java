package dev.girard.channel.email;

import java.time.Clock;
import java.util.Optional;

import dev.girard.campaign.CampaignStore;
import dev.girard.customer.Consent;
import dev.girard.customer.ConsentStore;
import dev.girard.customer.Customer;
import dev.girard.customer.CustomerStore;
import dev.girard.delivery.SuppressionStore;

/**
 * What the unsubscribe link does: the customer's e-mail consent is withdrawn (a record with the source
 * "unsubscribe link") and the address is suppressed on e-mail, so nothing more goes to it, even from a run
 * already under way. Doing it twice changes nothing.
 */
public final class Unsubscribes {
    public static final String SOURCE = "unsubscribe link";

    private final UnsubscribeLinks links;
    private final CustomerStore customers;
    private final CampaignStore campaigns;
    private final ConsentStore consents;
    private final SuppressionStore suppressions;
    private final Clock clock;

    public Unsubscribes(UnsubscribeLinks links, CustomerStore customers, CampaignStore campaigns, ConsentStore consents,
            SuppressionStore suppressions, Clock clock) {
        this.links = links;
        this.customers = customers;
        this.campaigns = campaigns;
        this.consents = consents;
        this.suppressions = suppressions;
        this.clock = clock;
    }

    /**
     * Whom a link is for.
     *
     * @param customer empty when the customer has been deleted since (nothing is sent to them any more)
     */
    public record Target(UnsubscribeLinks.Subject subject, Optional<Customer> customer, boolean unsubscribed) {
    }

    /** Reads a link without changing anything; empty when the token is malformed or not signed by us. */
    public Optional<Target> look(String token) {
        return links.verify(token).map(subject -> {
            Optional<Customer> customer = customers.find(subject.customerId());
            return new Target(subject, customer, customer.map(this::unsubscribed).orElse(true));
        });
    }

    /** Unsubscribes the customer a link names; empty when the token is malformed or not signed by us. */
    public Optional<Target> unsubscribe(String token) {
        Optional<Target> target = look(token);
        target.filter(t -> !t.unsubscribed()).flatMap(Target::customer).ifPresent(customer -> {
            long campaignId = target.get().subject().campaignId();
            String campaign = campaigns.find(campaignId).map(c -> "'" + c.name() + "'").orElse(String.valueOf(campaignId));
            if (consents.latest(customer.id(), "email").map(Consent::granted).orElse(true)) {
                consents.record(new Consent(null, customer.id(), "email", false, clock.instant(), SOURCE,
                        "Unsubscribed from e-mails with the link in a message of campaign " + campaign));
            }
            if (customer.email() != null && !customer.email().isBlank()) {
                suppressions.add("email", customer.email(), "unsubscribed with the link in campaign " + campaign);
            }
        });
        return target.map(t -> new Target(t.subject(), t.customer(), true));
    }

    private boolean unsubscribed(Customer customer) {
        boolean withdrawn = consents.latest(customer.id(), "email").map(c -> !c.granted()).orElse(false);
        boolean suppressed = customer.email() == null || customer.email().isBlank()
                || suppressions.reason("email", customer.email()).isPresent();
        return withdrawn && suppressed;
    }
}
