package dev.girard.channel.sms;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import dev.girard.config.Config;
import dev.girard.config.ConfigException;
import dev.girard.config.ConfigKey;

/** Builds the configured gateway, refusing at start a configuration it could not send with. */
public final class SmsGateways {
    private SmsGateways() {
    }

    public static SmsGateway from(Config config, Clock clock) {
        Duration timeout = Duration.ofMillis(config.getInt(ConfigKey.SMS_TIMEOUT_MS));
        String from = config.get(ConfigKey.SMS_FROM);
        List<String> missing = new ArrayList<>();
        SmsGateway gateway = switch (config.get(ConfigKey.SMS_GATEWAY)) {
            case "http" -> {
                require(config, ConfigKey.SMS_HTTP_URL, missing);
                yield missing.isEmpty() ? new HttpJsonSmsGateway(URI.create(config.get(ConfigKey.SMS_HTTP_URL)),
                        config.get(ConfigKey.SMS_HTTP_AUTH_HEADER), config.get(ConfigKey.SMS_HTTP_AUTH_VALUE),
                        config.get(ConfigKey.SMS_HTTP_BODY), config.get(ConfigKey.SMS_HTTP_RESPONSE_ID),
                        Pattern.compile(config.get(ConfigKey.SMS_HTTP_INVALID_NUMBER)), from, timeout, clock) : null;
            }
            case "twilio" -> {
                require(config, ConfigKey.SMS_TWILIO_ACCOUNT_SID, missing);
                require(config, ConfigKey.SMS_TWILIO_AUTH_TOKEN, missing);
                require(config, ConfigKey.SMS_TWILIO_BASE_URL, missing);
                require(config, ConfigKey.SMS_FROM, missing);
                yield missing.isEmpty() ? new TwilioSmsGateway(config.get(ConfigKey.SMS_TWILIO_BASE_URL),
                        config.get(ConfigKey.SMS_TWILIO_ACCOUNT_SID), config.get(ConfigKey.SMS_TWILIO_AUTH_TOKEN), from,
                        timeout, clock) : null;
            }
            default -> new FileSmsGateway(outboxFile(config), from, clock);
        };
        if (!missing.isEmpty()) {
            throw new ConfigException("girard.sms.gateway = " + config.get(ConfigKey.SMS_GATEWAY) + " needs "
                    + String.join(", ", missing));
        }
        return gateway;
    }

    /** The file the file gateway writes. */
    public static Path outboxFile(Config config) {
        String file = config.get(ConfigKey.SMS_OUTBOX_FILE);
        return file.isEmpty() ? config.dataDir().resolve("sms-outbox.jsonl") : Path.of(file);
    }

    private static void require(Config config, ConfigKey key, List<String> missing) {
        if (config.get(key).isBlank()) {
            missing.add(key.key() + " (or " + key.environmentVariable() + ")");
        }
    }
}
