package dev.girard.channel.email;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/**
 * Writes each message as an .eml file that a mail program opens, for when no SMTP server is configured.
 * A file appears whole or not at all (written aside, then moved into place).
 */
final class PickupFolderTransport implements MailTransport {
    private final Path folder;

    PickupFolderTransport(Path folder) {
        this.folder = folder;
    }

    @Override
    public void send(MimeMessage message) throws MessagingException {
        String name = message.getHeader("X-Girard-Delivery", null);
        try {
            Files.createDirectories(folder);
            Path temp = Files.createTempFile(folder, ".writing-", ".tmp");
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp), 64 * 1024)) {
                message.writeTo(out);
            }
            Files.move(temp, folder.resolve("delivery-" + name + ".eml"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new MessagingException("Cannot write to the pickup folder " + folder + ": " + e.getMessage(), e);
        }
    }

    /** A file takes any address; the mail program that opens it decides. */
    @Override
    public boolean acceptsUtf8Addresses() {
        return true;
    }

    @Override
    public void close() {
    }
}
