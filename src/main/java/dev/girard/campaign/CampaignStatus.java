package dev.girard.campaign;

import java.util.Locale;

/** draft: being prepared; active: scheduled; paused: kept but not scheduled; archived: deleted, history kept. */
public enum CampaignStatus {
    DRAFT, ACTIVE, PAUSED, ARCHIVED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CampaignStatus parse(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
