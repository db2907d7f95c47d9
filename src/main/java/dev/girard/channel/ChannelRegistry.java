package dev.girard.channel;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.girard.core.InvalidInputException;

/**
 * The channels this server can send on, by id, each with its cost per message. The delivery engine
 * dispatches each outbox row to the channel the row names; campaigns name channels by id. Channels are
 * registered while the application is wired; readers always see a complete set (copied on write).
 */
public final class ChannelRegistry {
    private volatile Map<String, Registered> channels = Map.of();

    /** A channel and what one message on it costs, in millionths of the currency unit. */
    public record Registered(Channel channel, long costMicros) {
    }

    /**
     * Adds a channel.
     *
     * @param costMicros the cost of one message in millionths of the currency unit, recorded on each delivery
     *                   sent (a channel may report a different cost for one message in its {@link Outcome})
     */
    public synchronized ChannelRegistry register(Channel channel, long costMicros) {
        if (channels.containsKey(channel.id())) {
            throw new IllegalArgumentException("Channel " + channel.id() + " is registered twice");
        }
        if (costMicros < 0) {
            throw new IllegalArgumentException("Channel " + channel.id() + " cannot cost " + costMicros);
        }
        Map<String, Registered> copy = new LinkedHashMap<>(channels);
        copy.put(channel.id(), new Registered(channel, costMicros));
        channels = Collections.unmodifiableMap(copy);
        return this;
    }

    public Optional<Channel> find(String id) {
        return Optional.ofNullable(channels.get(id)).map(Registered::channel);
    }

    /** @throws InvalidInputException naming the channel and listing the available ones */
    public Channel get(String id) {
        return find(id).orElseThrow(() -> new InvalidInputException("channel", id, "is not a channel; available: "
                + String.join(", ", ids())));
    }

    public long costMicros(String id) {
        Registered registered = channels.get(id);
        return registered == null ? 0 : registered.costMicros();
    }

    public List<String> ids() {
        return List.copyOf(channels.keySet());
    }

    public Collection<Channel> all() {
        return channels.values().stream().map(Registered::channel).toList();
    }

    /**
     * Reads a channel preference: one channel id, or several in order separated by commas
     * ({@code postcard, email, sms}), each available and named once.
     *
     * @return the ids in order of preference
     * @throws InvalidInputException naming the field {@code channel} and what would be valid
     */
    public List<String> preference(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new InvalidInputException("channel", "", "is required: a channel or channels in order of preference, "
                    + "e.g. 'email' or '" + String.join(", ", ids()) + "'; available: " + String.join(", ", ids()));
        }
        List<String> ids = new ArrayList<>();
        for (String part : raw.split(",")) {
            String id = part.strip();
            if (!channels.containsKey(id)) {
                throw new InvalidInputException("channel", raw, (id.isEmpty() ? "has an empty entry" : "names '" + id
                        + "', which is not a channel") + "; available: " + String.join(", ", ids()));
            }
            if (ids.contains(id)) {
                throw new InvalidInputException("channel", raw, "names " + id + " twice");
            }
            ids.add(id);
        }
        return ids;
    }
}
