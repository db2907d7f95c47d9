package dev.girard.delivery;

import java.time.Clock;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.girard.campaign.Campaign;
import dev.girard.channel.Channel;
import dev.girard.channel.Outcome;
import dev.girard.channel.Outgoing;
import dev.girard.core.InvalidInputException;
import dev.girard.customer.Customer;
import dev.girard.render.MessageModel;
import dev.girard.render.Sender;
import dev.girard.render.TemplateProblem;

/**
 * "Send a test to me": a campaign's message as one customer would get it, sent to the marketer's own address
 * on the campaign's channel, outside any run (nothing is recorded in the outbox, nobody is marked contacted).
 */
public final class TestSend {
    private final Map<String, Channel> channels;
    private final Sender sender;
    private final Clock clock;

    public TestSend(List<Channel> channels, Sender sender, Clock clock) {
        this.channels = channels.stream().collect(Collectors.toMap(Channel::id, Function.identity()));
        this.sender = sender;
        this.clock = clock;
    }

    /** @return the channel's outcome; a template error comes back as a failed outcome naming line and column */
    public Outcome send(Campaign campaign, Customer sample, String address) {
        Channel channel = channels.get(campaign.channel());
        if (channel == null) {
            throw new InvalidInputException("channel", campaign.channel(), "is not available for tests");
        }
        if (address == null || address.isBlank()) {
            throw new InvalidInputException("address", "", "is missing: set your " + campaign.channel()
                    + " address in your settings first");
        }
        ZonedDateTime when = ZonedDateTime.now(clock.withZone(ZoneId.of(campaign.timeZone())));
        Map<String, Object> model = MessageModel.of(sample, campaign.name(), "test", when, sender, "");
        try (Channel.Connection connection = channel.open()) {
            return connection.send(new Outgoing(0, campaign.id(), address, sample.fullName(), campaign.template(), model));
        } catch (TemplateProblem e) {
            return Outcome.failed(e.getMessage());
        }
    }
}
