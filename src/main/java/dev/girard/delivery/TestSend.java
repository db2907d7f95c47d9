package dev.girard.delivery;

import java.time.Clock;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;

import dev.girard.campaign.Campaign;
import dev.girard.channel.Channel;
import dev.girard.channel.ChannelRegistry;
import dev.girard.channel.Outcome;
import dev.girard.channel.Outgoing;
import dev.girard.core.InvalidInputException;
import dev.girard.customer.Customer;
import dev.girard.render.MessageModel;
import dev.girard.render.Sender;
import dev.girard.render.TemplateProblem;

/**
 * "Send a test to me": a campaign's message as one customer would get it, sent to the marketer's own e-mail
 * address, outside any run (nothing is recorded in the outbox, nobody is marked contacted). Tests go by e-mail,
 * the one address a user has; a campaign must have e-mail among its channels.
 */
public final class TestSend {
    private static final String CHANNEL = "email";

    private final ChannelRegistry channels;
    private final Sender sender;
    private final Clock clock;

    public TestSend(ChannelRegistry channels, Sender sender, Clock clock) {
        this.channels = channels;
        this.sender = sender;
        this.clock = clock;
    }

    /** @return the channel's outcome; a template error comes back as a failed outcome naming line and column */
    public Outcome send(Campaign campaign, Customer sample, String address) {
        if (!campaign.channels().contains(CHANNEL)) {
            throw new InvalidInputException("channel", campaign.channel(), "has no e-mail: tests are sent by e-mail");
        }
        Channel channel = channels.get(CHANNEL);
        if (address == null || address.isBlank()) {
            throw new InvalidInputException("address", "", "is missing: set your e-mail address in your settings first");
        }
        ZonedDateTime when = ZonedDateTime.now(clock.withZone(ZoneId.of(campaign.timeZone())));
        Map<String, Object> model = MessageModel.of(sample, campaign.name(), "test", when, sender, "");
        try (Channel.Connection connection = channel.open()) {
            return connection.send(new Outgoing(0, 0, campaign.id(), sample, address, campaign.template(), model));
        } catch (TemplateProblem e) {
            return Outcome.failed(e.getMessage());
        }
    }
}
