package dev.girard.support;

import java.util.HashMap;
import java.util.Map;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/** What a test's SMTP server received, counted by recipient. */
public final class Recipients {
    private Recipients() {
    }

    /** How many of {@code messages} went to each address. */
    public static Map<String, Integer> count(MimeMessage[] messages) {
        Map<String, Integer> perRecipient = new HashMap<>();
        for (MimeMessage message : messages) {
            try {
                for (Address to : message.getAllRecipients()) {
                    perRecipient.merge(((InternetAddress) to).getAddress(), 1, Integer::sum);
                }
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }
        return perRecipient;
    }
}
