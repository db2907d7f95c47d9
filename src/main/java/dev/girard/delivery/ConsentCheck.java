package dev.girard.delivery;

import java.util.Optional;

import dev.girard.channel.Channel;

/** A channel's consent rule applied to a customer's latest consent record: the same when planning and sending. */
final class ConsentCheck {
    private ConsentCheck() {
    }

    /**
     * @param latest the customer's latest record on the channel (true: a grant), null when there is none
     * @return why the customer may not be contacted, or empty if they may
     */
    static Optional<String> refusal(Channel.ConsentRule rule, Boolean latest) {
        return switch (rule) {
            case ONLY_IF_GRANTED -> latest == null ? Optional.of("no consent")
                    : latest ? Optional.empty() : Optional.of("consent withdrawn");
            case UNLESS_WITHDRAWN -> Boolean.FALSE.equals(latest) ? Optional.of("consent withdrawn") : Optional.empty();
        };
    }
}
