import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Properties;

import org.simplejavamail.utils.mail.dkim.Canonicalization;
import org.simplejavamail.utils.mail.dkim.DkimMessage;
import org.simplejavamail.utils.mail.dkim.DkimSigner;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/**
 * CPU time of DKIM-signing one real card, on one thread, as Girard signs it (relaxed/relaxed, no DNS look-up,
 * the library's message copied from the encoded one and written out), next to the RSA signature alone.
 * Run by bench/dkim-signing:  java -cp 'target/lib/*' bench/DkimCost.java CARD.eml KEY.pem
 */
public class DkimCost {
    public static void main(String[] args) throws Exception {
        byte[] card = Files.readAllBytes(Path.of(args[0]));
        String pem = Files.readString(Path.of(args[1]));
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        RSAPrivateKey key = (RSAPrivateKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        Session session = Session.getInstance(new Properties());
        MimeMessage message = new MimeMessage(session, new ByteArrayInputStream(card));
        DkimSigner signer = new DkimSigner("shop.example", "girard", key);
        signer.setHeaderCanonicalization(Canonicalization.RELAXED);
        signer.setBodyCanonicalization(Canonicalization.RELAXED);
        signer.setCheckDomainKey(false);
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(key);
        byte[] headers = new byte[900];
        var threads = ManagementFactory.getThreadMXBean();
        int n = 2000;
        double signing = 0;
        double rsaOnly = 0;
        for (int round = 1; round <= 4; round++) {
            long c0 = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) {
                new DkimMessage(message, signer).writeTo(new ByteArrayOutputStream(card.length + 1024));
            }
            long c1 = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) {
                rsa.update(headers);
                rsa.sign();
            }
            long c2 = threads.getCurrentThreadCpuTime();
            signing = (c1 - c0) / 1e6 / n;
            rsaOnly = (c2 - c1) / 1e6 / n;
            System.out.printf("  round %d (round 1 warms up): %.3f ms CPU per card signed, of which RSA-2048 %.3f ms%n",
                    round, signing, rsaOnly);
        }
        System.out.printf("one thread, a %d-byte card: DKIM signing costs %.2f ms of CPU per message (RSA-2048 %.2f ms,"
                + " the rest canonicalization, hashing and copying)%n", card.length, signing, rsaOnly);
    }
}
