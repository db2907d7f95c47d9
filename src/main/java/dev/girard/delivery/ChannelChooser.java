package dev.girard.delivery;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.girard.channel.Channel;
import dev.girard.channel.ChannelRegistry;
import dev.girard.customer.ConsentStore;
import dev.girard.customer.Customer;

/**
 * Gives each customer of a planning batch the first channel of the campaign's preference they are reachable
 * on: they have an address there, the channel's consent rule lets them be contacted, and the address is not
 * suppressed. A few queries per channel for the whole batch, never per customer.
 */
final class ChannelChooser {
    private final ChannelRegistry channels;
    private final ConsentStore consents;
    private final SuppressionStore suppressions;

    ChannelChooser(ChannelRegistry channels, ConsentStore consents, SuppressionStore suppressions) {
        this.channels = channels;
        this.consents = consents;
        this.suppressions = suppressions;
    }

    /**
     * Where one customer goes. A reachable customer has {@code status} null; an unreachable one is recorded
     * on the first preferred channel as {@code skipped} (or {@code suppressed} when that channel's address
     * is suppressed), with the reason from every channel tried.
     */
    record Choice(String channel, String address, String status, String reason) {
        boolean reachable() {
            return status == null;
        }
    }

    Map<Long, Choice> choose(List<String> preference, List<Customer> customers) {
        Map<Long, Choice> chosen = new HashMap<>();
        Map<Long, List<Choice>> refusals = new LinkedHashMap<>();
        List<Customer> open = new ArrayList<>(customers);
        for (String id : preference) {
            if (open.isEmpty()) {
                break;
            }
            Channel channel = channels.get(id);
            List<Customer> stillOpen = new ArrayList<>();
            Map<Long, Choice> verdicts = check(channel, open);
            for (Customer customer : open) {
                Choice verdict = verdicts.get(customer.id());
                if (verdict.reachable()) {
                    chosen.put(customer.id(), verdict);
                } else {
                    refusals.computeIfAbsent(customer.id(), k -> new ArrayList<>()).add(verdict);
                    stillOpen.add(customer);
                }
            }
            open = stillOpen;
        }
        for (Customer customer : open) {
            List<Choice> tried = refusals.get(customer.id());
            Choice first = tried.get(0);
            String reason = tried.size() == 1 ? first.reason() : String.join("; ",
                    tried.stream().map(c -> c.channel() + ": " + c.reason()).toList());
            chosen.put(customer.id(), new Choice(first.channel(), first.address(), first.status(), reason));
        }
        return chosen;
    }

    /** Whether each customer is reachable on one channel, and if not, why not. */
    private Map<Long, Choice> check(Channel channel, List<Customer> customers) {
        Map<Long, String> addresses = new HashMap<>();
        for (Customer customer : customers) {
            channel.address(customer).ifPresent(a -> addresses.put(customer.id(), a));
        }
        Map<Long, Boolean> consent = consents.latestAmong(addresses.keySet(), channel.id());
        Map<String, String> suppressed = suppressions.reasons(channel.id(), addresses.values());
        Map<Long, Choice> verdicts = new HashMap<>();
        for (Customer customer : customers) {
            String address = addresses.get(customer.id());
            verdicts.put(customer.id(), verdict(channel, address, consent.get(customer.id()),
                    address == null ? null : suppressed.get(SuppressionStore.normalise(address))));
        }
        return verdicts;
    }

    private static Choice verdict(Channel channel, String address, Boolean latestConsent, String suppression) {
        String id = channel.id();
        if (address == null) {
            return new Choice(id, null, "skipped", "no " + id + " address");
        }
        if (suppression != null) {
            return new Choice(id, address, "suppressed", suppression);
        }
        Optional<String> refusal = ConsentCheck.refusal(channel.consentRule(), latestConsent);
        if (refusal.isPresent()) {
            return new Choice(id, address, "skipped", refusal.get());
        }
        return new Choice(id, address, null, null);
    }
}
