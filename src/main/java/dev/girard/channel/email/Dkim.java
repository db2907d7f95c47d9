package dev.girard.channel.email;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.Optional;

import org.simplejavamail.utils.mail.dkim.Canonicalization;
import org.simplejavamail.utils.mail.dkim.DkimMessage;
import org.simplejavamail.utils.mail.dkim.DkimSigner;

import dev.girard.config.Config;
import dev.girard.config.ConfigException;
import dev.girard.config.ConfigKey;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/**
 * DKIM signatures (RFC 6376, rsa-sha256, relaxed/relaxed) with the key, selector and domain from the
 * configuration. The signature covers From, To, Subject, Date, Message-ID, Reply-To, the MIME headers and
 * both List-Unsubscribe headers, so a receiver can trust the one-click unsubscribe it offers.
 */
final class Dkim {
    private static final int MIN_BITS = 1024;

    private final RSAPrivateKey key;
    private final String domain;
    private final String selector;

    private Dkim(RSAPrivateKey key, String domain, String selector) {
        this.key = key;
        this.domain = domain;
        this.selector = selector;
    }

    /**
     * @param fromDomain the sender's domain (ASCII), signed for when no DKIM domain is configured
     * @return empty when no key is configured
     * @throws ConfigException naming the key file and what is wrong with it
     */
    static Optional<Dkim> fromConfig(Config config, String fromDomain) {
        String file = config.get(ConfigKey.DKIM_KEY);
        if (file.isEmpty()) {
            return Optional.empty();
        }
        String domain = config.get(ConfigKey.DKIM_DOMAIN).isEmpty() ? fromDomain
                : java.net.IDN.toASCII(config.get(ConfigKey.DKIM_DOMAIN));
        if (!domain.contains(".")) {
            throw new ConfigException(ConfigKey.DKIM_DOMAIN.key() + " = '" + domain + "' is not a domain such as example.com");
        }
        return Optional.of(new Dkim(readKey(Path.of(file)), domain, config.get(ConfigKey.DKIM_SELECTOR)));
    }

    /** A private RSA key from PEM (PKCS#8 or PKCS#1) or DER (PKCS#8) file. */
    static RSAPrivateKey readKey(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ConfigException(ConfigKey.DKIM_KEY.key() + ": cannot read " + file + " (" + e.getMessage() + ")");
        }
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        byte[] der = bytes;
        if (text.contains("-----BEGIN")) {
            if (text.contains("ENCRYPTED")) {
                throw new ConfigException(ConfigKey.DKIM_KEY.key() + ": " + file + " is encrypted; Girard needs it "
                        + "unencrypted and readable only by its own user (openssl pkey -in " + file + " -out dkim.pem)");
            }
            boolean pkcs1 = text.contains("-----BEGIN RSA PRIVATE KEY-----");
            String label = pkcs1 ? "RSA PRIVATE KEY" : "PRIVATE KEY";
            int start = text.indexOf("-----BEGIN " + label + "-----");
            int end = text.indexOf("-----END " + label + "-----");
            if (start < 0 || end < start) {
                throw new ConfigException(ConfigKey.DKIM_KEY.key() + ": " + file + " holds no private key "
                        + "(expected -----BEGIN PRIVATE KEY----- or -----BEGIN RSA PRIVATE KEY-----)");
            }
            try {
                der = Base64.getMimeDecoder().decode(text.substring(start + label.length() + 16, end));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(ConfigKey.DKIM_KEY.key() + ": " + file + " is not valid PEM: " + e.getMessage());
            }
            if (pkcs1) {
                der = Asn1.pkcs8FromPkcs1Rsa(der);
            }
        }
        try {
            var parsed = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
            RSAPrivateKey rsa = (RSAPrivateKey) parsed;
            if (rsa.getModulus().bitLength() < MIN_BITS) {
                throw new ConfigException(ConfigKey.DKIM_KEY.key() + ": the key in " + file + " has "
                        + rsa.getModulus().bitLength() + " bits; receivers ignore DKIM keys under " + MIN_BITS
                        + " bits (use 2048: openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out dkim.pem)");
            }
            return rsa;
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new ConfigException(ConfigKey.DKIM_KEY.key() + ": " + file + " is not an RSA private key in PEM or DER "
                    + "(PKCS#8): " + e.getMessage());
        }
    }

    String domain() {
        return domain;
    }

    String selector() {
        return selector;
    }

    /** The DNS TXT record receivers look the public key up in, ready to publish. */
    Optional<String> dnsRecord() {
        if (!(key instanceof RSAPrivateCrtKey crt)) {
            return Optional.empty();
        }
        try {
            var publicKey = KeyFactory.getInstance("RSA").generatePublic(
                    new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
            return Optional.of(selector + "._domainkey." + domain + ". IN TXT \"v=DKIM1; k=rsa; p="
                    + Base64.getEncoder().encodeToString(publicKey.getEncoded()) + "\"");
        } catch (GeneralSecurityException e) {
            return Optional.empty();
        }
    }

    /** A signer for one thread: the library's signer keeps a digest and a signature object between calls. */
    Signer signer() {
        DkimSigner signer = new DkimSigner(domain, selector, key);
        signer.setHeaderCanonicalization(Canonicalization.RELAXED);
        signer.setBodyCanonicalization(Canonicalization.RELAXED);
        // the public key is published by hand; looking it up in DNS for every message is not the signer's job
        signer.setCheckDomainKey(false);
        signer.addHeaderToSign("List-Unsubscribe-Post");
        return new Signer(signer);
    }

    static final class Signer {
        private final DkimSigner signer;

        private Signer(DkimSigner signer) {
            this.signer = signer;
        }

        /**
         * The DKIM-Signature header field (with its line break) for a finished message. Only this field is
         * taken from the library's output: the message itself goes out byte for byte as it was encoded (the
         * library would rewrite UTF-8 header fields of SMTPUTF8 messages), and those are the bytes it signed.
         */
        byte[] signatureField(MimeMessage message) throws MessagingException {
            ByteArrayOutputStream signed = new ByteArrayOutputStream(16 * 1024);
            try {
                new DkimMessage(message, signer).writeTo(signed);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            byte[] bytes = signed.toByteArray();
            // the field ends at the first line break that is not followed by a folded continuation
            for (int i = 0; i + 2 < bytes.length; i++) {
                if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] != ' ' && bytes[i + 2] != '\t') {
                    return java.util.Arrays.copyOf(bytes, i + 2);
                }
            }
            throw new MessagingException("The DKIM signer returned no header");
        }
    }
}
