package dev.girard.delivery;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Who a campaign holds out: a stable hash of (campaign, customer), so the same customers are held out on
 * every run of the campaign and reports can compare them with those contacted.
 */
final class Holdout {
    private Holdout() {
    }

    static boolean isHeldOut(long campaignId, long customerId, int percent) {
        if (percent <= 0) {
            return false;
        }
        return bucket(campaignId, customerId) < percent * 100;
    }

    /** 0–9999, uniform over customers. */
    static int bucket(long campaignId, long customerId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((campaignId + ":" + customerId).getBytes(StandardCharsets.US_ASCII));
            int value = ((digest[0] & 0xff) << 24) | ((digest[1] & 0xff) << 16) | ((digest[2] & 0xff) << 8) | (digest[3] & 0xff);
            return Math.floorMod(value, 10_000);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
