package dev.girard.support;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import dev.girard.channel.Channel;
import dev.girard.channel.Outcome;
import dev.girard.channel.Outgoing;
import dev.girard.customer.Customer;

/**
 * A channel that keeps what it is given, for testing how the engine chooses and dispatches channels
 * independently of any one medium. Any template name is accepted.
 */
public final class RecordingChannel implements Channel {
    private final String id;
    private final ConsentRule consentRule;
    private final Function<Customer, String> address;
    private final List<Outgoing> sent = new CopyOnWriteArrayList<>();

    public RecordingChannel(String id, ConsentRule consentRule, Function<Customer, String> address) {
        this.id = id;
        this.consentRule = consentRule;
        this.address = address;
    }

    public List<Outgoing> sent() {
        return List.copyOf(sent);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Optional<String> address(Customer customer) {
        return Optional.ofNullable(address.apply(customer)).filter(a -> !a.isBlank());
    }

    @Override
    public ConsentRule consentRule() {
        return consentRule;
    }

    @Override
    public Optional<String> templateProblem(String template) {
        return Optional.empty();
    }

    @Override
    public Connection open() {
        return new Connection() {
            @Override
            public Outcome send(Outgoing message) {
                sent.add(message);
                return Outcome.sent(id + "-" + message.deliveryId());
            }

            @Override
            public void close() {
            }
        };
    }
}
