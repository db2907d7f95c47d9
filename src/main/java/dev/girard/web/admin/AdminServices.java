package dev.girard.web.admin;

import java.time.Clock;
import java.time.ZoneId;

import dev.girard.audit.AuditLog;
import dev.girard.auth.LoginThrottle;
import dev.girard.auth.SessionStore;
import dev.girard.auth.UserStore;
import dev.girard.campaign.CampaignService;
import dev.girard.channel.postcard.PostcardChannel;
import dev.girard.channel.sms.SmsChannel;
import dev.girard.customer.ConsentStore;
import dev.girard.customer.CustomerCsvImport;
import dev.girard.imports.Imports;
import dev.girard.customer.CustomerStore;
import dev.girard.customer.PurchaseStore;
import dev.girard.delivery.CampaignRunner;
import dev.girard.delivery.DeliveryEngine;
import dev.girard.delivery.RunStore;
import dev.girard.delivery.TestSend;
import dev.girard.render.Preview;
import dev.girard.render.Sender;
import dev.girard.render.StoredTemplates;
import dev.girard.render.TemplateEngine;
import dev.girard.report.Reports;
import dev.girard.schedule.CampaignScheduler;
import dev.girard.segment.SegmentRegistry;

/**
 * What the admin page uses: the same stores and services as the API, and the sign-in parts.
 *
 * @param secureCookies whether the session cookie is marked Secure (the server is reached over HTTPS)
 */
public record AdminServices(
        UserStore users,
        SessionStore sessions,
        LoginThrottle throttle,
        boolean secureCookies,
        CampaignService campaigns,
        CampaignScheduler scheduler,
        CampaignRunner runner,
        RunStore runs,
        DeliveryEngine engine,
        TestSend testSend,
        SmsChannel sms,
        PostcardChannel postcards,
        TemplateEngine templates,
        StoredTemplates storedTemplates,
        Preview preview,
        Sender sender,
        CustomerStore customers,
        CustomerCsvImport customerImport,
        Imports imports,
        PurchaseStore purchases,
        ConsentStore consents,
        SegmentRegistry segments,
        Reports reports,
        AuditLog audit,
        ZoneId defaultZone,
        Clock clock) {
}
