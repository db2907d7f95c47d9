package dev.girard;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.girard.audit.AuditLog;
import dev.girard.auth.LoginThrottle;
import dev.girard.auth.SessionStore;
import dev.girard.auth.UserStore;
import dev.girard.campaign.CampaignService;
import dev.girard.campaign.CampaignStore;
import dev.girard.channel.ChannelRegistry;
import dev.girard.cluster.ClusterNodes;
import dev.girard.cluster.NodeId;
import dev.girard.cluster.NodeWatch;
import dev.girard.channel.email.EmailChannel;
import dev.girard.channel.email.UnsubscribeLinks;
import dev.girard.channel.email.Unsubscribes;
import dev.girard.channel.postcard.PostcardChannel;
import dev.girard.channel.sms.InboundAuth;
import dev.girard.channel.sms.QuietHours;
import dev.girard.channel.sms.SmsChannel;
import dev.girard.channel.sms.SmsGateway;
import dev.girard.channel.sms.SmsGateways;
import dev.girard.channel.sms.SmsInbound;
import dev.girard.channel.sms.SmsStore;
import dev.girard.channel.sms.SmsWording;
import dev.girard.config.Config;
import dev.girard.config.ConfigKey;
import dev.girard.customer.CustomerCsvImport;
import dev.girard.customer.CustomerService;
import dev.girard.customer.CustomerStore;
import dev.girard.customer.CustomerValidator;
import dev.girard.customer.ConsentCsvImport;
import dev.girard.customer.ConsentStore;
import dev.girard.customer.ConsentValidator;
import dev.girard.customer.CustomerStats;
import dev.girard.customer.PurchaseCsvImport;
import dev.girard.customer.PurchaseStore;
import dev.girard.customer.PurchaseValidator;
import dev.girard.db.Database;
import dev.girard.imports.CsvEncoding;
import dev.girard.imports.CsvImporter;
import dev.girard.imports.ImportStore;
import dev.girard.imports.Imports;
import dev.girard.delivery.CampaignRunner;
import dev.girard.delivery.DeliveryEngine;
import dev.girard.delivery.DeliverySettings;
import dev.girard.delivery.SuppressionStore;
import dev.girard.delivery.DeliveryStore;
import dev.girard.delivery.RunStore;
import dev.girard.delivery.TestSend;
import dev.girard.render.Preview;
import dev.girard.render.Sender;
import dev.girard.render.StoredTemplates;
import dev.girard.render.TemplateEngine;
import dev.girard.report.Reports;
import dev.girard.schedule.CampaignScheduler;
import dev.girard.segment.SegmentRegistry;
import dev.girard.web.CampaignController;
import dev.girard.web.CustomerController;
import dev.girard.web.DeliveryController;
import dev.girard.web.ImportController;
import dev.girard.web.SegmentController;
import dev.girard.web.SmsController;
import dev.girard.web.TemplateController;
import dev.girard.web.UnsubscribeController;
import dev.girard.web.WebServer;
import dev.girard.web.admin.AdminPages;
import dev.girard.web.admin.AdminServices;

/**
 * Girard, wired by hand in one place. {@link #open} gives the stores and services over the database (for
 * the command line); {@link #serve} also starts the delivery workers, the scheduler and the HTTP server.
 */
public final class App implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(App.class);
    /** The maintenance trigger that rebuilds the customer stats. */
    public static final String STATS_REBUILD = "stats-rebuild";

    public final Config config;
    public final Clock clock;
    public final String nodeId;
    public final Database database;
    public final CustomerStore customerStore;
    public final CustomerService customers;
    public final CustomerCsvImport customerImport;
    public final Imports imports;
    public final PurchaseStore purchases;
    public final PurchaseCsvImport purchaseImport;
    public final ConsentStore consents;
    public final ConsentValidator consentValidator;
    public final ConsentCsvImport consentImport;
    public final CustomerStats stats;
    public final UserStore users;
    public final SessionStore sessions;
    public final AuditLog audit;
    public final StoredTemplates storedTemplates;
    public final TemplateEngine templates;
    public final Preview preview;
    public final SegmentRegistry segments;
    public final CampaignStore campaignStore;
    public final CampaignService campaigns;
    public final RunStore runs;
    public final DeliveryStore deliveries;
    public final SuppressionStore suppressions;
    public final EmailChannel email;
    public final Unsubscribes unsubscribes;
    public final PostcardChannel postcards;
    public final ChannelRegistry channels;
    public final DeliveryEngine deliveryEngine;
    public final CampaignRunner runner;
    public final CampaignScheduler scheduler;
    public final ClusterNodes nodes;
    private final NodeWatch nodeWatch;
    public final Sender sender;
    public final Reports reports;
    public final SmsGateway smsGateway;
    public final SmsChannel sms;
    public final SmsInbound smsInbound;
    // set once the server listens; the delivery workers, started before, read it for links
    private volatile WebServer web;

    private App(Config config, Clock clock) {
        this.config = config;
        this.clock = clock;
        requireKnownImportFields(config);
        this.nodeId = NodeId.of(config);
        int batch = config.getInt(ConfigKey.DELIVERY_BATCH_SIZE);
        this.database = Database.open(config);
        var jdbi = database.jdbi();
        this.customerStore = new CustomerStore(jdbi, clock);
        CustomerValidator validator = new CustomerValidator(config.get(ConfigKey.PHONE_REGION), clock);
        this.customers = new CustomerService(customerStore, validator);
        this.customerImport = new CustomerCsvImport(customerStore, validator);
        // indexes a customer import dropped for a bulk load and could not build again (the process died)
        database.writeGate().run(() -> database.jdbi().useHandle(CustomerCsvImport::restoreIndexes));
        int importBatch = config.getInt(ConfigKey.IMPORT_BATCH_SIZE);
        this.stats = new CustomerStats(jdbi, database.dialect(), database.writeGate(), clock, importBatch);
        PurchaseValidator purchaseValidator = new PurchaseValidator(config.defaultZone());
        this.purchases = new PurchaseStore(jdbi, clock, purchaseValidator, stats, database.writeGate());
        this.purchaseImport = new PurchaseCsvImport(purchases, purchaseValidator);
        this.consents = new ConsentStore(jdbi, clock);
        this.consentValidator = new ConsentValidator(config.defaultZone());
        this.consentImport = new ConsentCsvImport(consents, consentValidator, clock);
        ImportStore importStore = new ImportStore(jdbi, clock);
        this.imports = new Imports(new CsvImporter(jdbi, database.dialect(), importStore, database.writeGate(), clock,
                importBatch,
                CsvEncoding.charset(config.get(ConfigKey.IMPORT_FALLBACK_ENCODING)), config.importColumnAliases()),
                importStore, config.dataDir().resolve("uploads"));
        this.users = new UserStore(jdbi, clock);
        this.sessions = new SessionStore(jdbi, clock, Duration.ofHours(config.getInt(ConfigKey.SESSION_HOURS)));
        this.audit = new AuditLog(jdbi, clock);
        this.reports = new Reports(jdbi, clock);
        this.storedTemplates = new StoredTemplates(jdbi, clock);
        String templatesDir = config.get(ConfigKey.TEMPLATES_DIR);
        this.templates = new TemplateEngine(templatesDir.isEmpty() ? null : Path.of(templatesDir), storedTemplates);
        this.sender = new Sender(config.get(ConfigKey.BUSINESS_NAME), config.get(ConfigKey.MAIL_FROM),
                config.get(ConfigKey.BUSINESS_ADDRESS));
        this.preview = new Preview(templates, sender, clock);
        this.segments = new SegmentRegistry(jdbi, database.dialect(), batch, clock);
        this.campaignStore = new CampaignStore(jdbi, clock);
        this.runs = new RunStore(jdbi, clock, database.writeGate());
        this.deliveries = new DeliveryStore(jdbi, clock, database.writeGate(), database.dialect());
        this.suppressions = new SuppressionStore(jdbi, clock);
        UnsubscribeLinks unsubscribeLinks = UnsubscribeLinks.fromConfig(config, !database.dialect().clusterCapable(),
                this::baseUrl);
        this.email = new EmailChannel(config, templates, unsubscribeLinks);
        this.unsubscribes = new Unsubscribes(unsubscribeLinks, customerStore, campaignStore, consents, suppressions, clock);
        this.postcards = new PostcardChannel(config, jdbi, database.writeGate(), runs, templates, sender, clock);
        this.smsGateway = SmsGateways.from(config, clock);
        SmsStore smsStore = new SmsStore(jdbi, clock);
        String helpContact = config.get(ConfigKey.SMS_HELP_CONTACT).isEmpty()
                ? config.get(ConfigKey.MAIL_FROM) : config.get(ConfigKey.SMS_HELP_CONTACT);
        SmsWording smsWording = new SmsWording(config.get(ConfigKey.BUSINESS_NAME), helpContact);
        long smsCost = config.micros(ConfigKey.SMS_COST);
        this.sms = new SmsChannel(smsGateway, templates, consents, smsStore,
                QuietHours.parse(config.get(ConfigKey.SMS_QUIET_HOURS), config.get(ConfigKey.SMS_QUIET_HOURS_BY_COUNTRY),
                        config.defaultZone()),
                smsWording, sender, smsCost, config.getInt(ConfigKey.SMS_MAX_SEGMENTS),
                Boolean.parseBoolean(config.get(ConfigKey.SMS_OPTIN_CONFIRMATION)), config.getInt(ConfigKey.SMS_RATE), clock);
        this.smsInbound = new SmsInbound(smsStore, consents, smsGateway, smsWording, config.get(ConfigKey.PHONE_REGION), clock);
        this.channels = new ChannelRegistry()
                .register(email, config.micros(ConfigKey.EMAIL_COST))
                .register(sms, smsCost)
                .register(postcards, config.micros(ConfigKey.POSTCARD_COST));
        this.deliveryEngine = new DeliveryEngine(deliveries, runs, campaignStore, customerStore, suppressions, consents,
                channels, sender, clock, nodeId, DeliverySettings.from(config));
        this.runner = new CampaignRunner(campaignStore, segments, runs, deliveries, deliveryEngine, channels, consents,
                suppressions, config.defaultZone(), clock, batch, nodeId);
        this.scheduler = new CampaignScheduler(database, runner, config.getInt(ConfigKey.SCHEDULER_THREADS),
                config.getInt(ConfigKey.SCHEDULER_MISFIRE_MS), nodeId, config.getInt(ConfigKey.CLUSTER_CHECKIN_MS));
        this.nodes = new ClusterNodes(jdbi, database.dialect(), nodeId, clock);
        this.nodeWatch = new NodeWatch(nodes, deliveries, deliveryEngine, runner);
        this.campaigns = new CampaignService(campaignStore, segments, templates, channels, scheduler, config.defaultZone());
    }

    /** Header names in girard.import.columns must be for a field that some import has. */
    private static void requireKnownImportFields(Config config) {
        java.util.Set<String> known = new java.util.TreeSet<>();
        known.addAll(CustomerCsvImport.FIELDS.names().keySet());
        known.addAll(PurchaseCsvImport.FIELDS.names().keySet());
        known.addAll(ConsentCsvImport.FIELDS.names().keySet());
        for (String field : config.importColumnAliases().keySet()) {
            if (!known.contains(field)) {
                throw new dev.girard.config.ConfigException(ConfigKey.IMPORT_COLUMNS.key() + " names the field '" + field
                        + "', which no import has; fields: " + String.join(", ", known));
            }
        }
    }

    /** Opens the database (migrating it) and builds the services, without starting anything. */
    public static App open(Config config, Clock clock) {
        return new App(config, clock);
    }

    /** Opens everything and starts the delivery workers, the scheduler and the HTTP server. */
    public static App serve(Config config, Clock clock) {
        long started = System.nanoTime();
        App app = new App(config, clock);
        try {
            app.startServices();
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
        LOG.info("Girard {} started in {} ms on port {} ({}, node {})", version(),
                (System.nanoTime() - started) / 1_000_000, app.port(), app.database.dialect().id(), app.nodeId);
        return app;
    }

    private void startServices() {
        LOG.info("Configuration: {}", config.describe());
        LOG.info(email.dkimSummary());
        postcards.start();
        scheduler.reconcile(campaignStore.list());
        scheduler.scheduleMaintenance(STATS_REBUILD, config.get(ConfigKey.STATS_CRON), config.defaultZone(), stats::rebuild);
        nodeWatch.recoverAtStart();
        // the scheduler checks this node in before its workers lease anything, so no other node takes their
        // leases for a dead node's
        scheduler.start();
        deliveryEngine.start(!database.dialect().clusterCapable());
        nodeWatch.start(config.getInt(ConfigKey.CLUSTER_CHECKIN_MS));
        imports.store().failAbandoned();
        WebServer.Controllers controllers = new WebServer.Controllers(
                new CustomerController(customerStore, customers, customerImport, purchases, purchaseImport, consents,
                        consentValidator, consentImport, stats, imports, clock),
                new ImportController(imports.store()),
                new CampaignController(campaigns, scheduler, runner, runs, clock, audit),
                new DeliveryController(runs, suppressions, deliveryEngine),
                new TemplateController(templates, preview, customerStore, config.defaultZone()),
                new SegmentController(segments, config.defaultZone(), clock, audit),
                new SmsController(sms, smsInbound, new InboundAuth(config.get(ConfigKey.SMS_INBOUND_TOKEN),
                        config.get(ConfigKey.SMS_INBOUND_HMAC_KEY), config.get(ConfigKey.SMS_GATEWAY).equals("twilio")
                                ? config.get(ConfigKey.SMS_TWILIO_AUTH_TOKEN) : ""),
                        customerStore, this::baseUrl),
                new UnsubscribeController(unsubscribes, config.get(ConfigKey.BUSINESS_NAME)));
        AdminServices admin = new AdminServices(users, sessions,
                new LoginThrottle(database.jdbi(), clock, config.getInt(ConfigKey.LOGIN_MAX_FAILURES),
                        config.getInt(ConfigKey.LOGIN_WINDOW_SECONDS) * 1000L),
                secureCookies(), campaigns, scheduler, runner, runs, deliveryEngine, new TestSend(channels, sender, clock), sms, postcards,
                templates, storedTemplates, preview, sender, customerStore, customerImport, imports, purchases, consents, segments,
                reports, audit, config.defaultZone(), clock);
        web = WebServer.create(users, controllers, new AdminPages(admin, channels.ids()),
                this::health).start(config.get(ConfigKey.HTTP_HOST), config.getInt(ConfigKey.HTTP_PORT));
        if (config.smtpConfigured() && !baseUrl().startsWith("https://")) {
            LOG.warn("Unsubscribe links point to {}: mail programs offer their one-click Unsubscribe button only for "
                    + "https links; set {} to this server's public https address", baseUrl(), ConfigKey.BASE_URL.key());
        }
    }

    /** The session cookie is Secure when configured so, or (auto) when the public URL is HTTPS. */
    private boolean secureCookies() {
        String setting = config.get(ConfigKey.SESSION_COOKIE_SECURE);
        return setting.equals("auto") ? config.get(ConfigKey.BASE_URL).startsWith("https://") : Boolean.parseBoolean(setting);
    }

    private Map<String, Object> health() {
        Map<String, Object> health = new LinkedHashMap<>();
        health.put("status", "ok");
        health.put("version", version());
        health.put("node", nodeId);
        health.put("database", database.dialect().id());
        health.put("clustered", nodes.clustered());
        health.put("nodes", nodes.live().stream().map(n -> {
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("id", n.id());
            node.put("lastCheckIn", n.lastCheckIn() == null ? null : n.lastCheckIn().toString());
            node.put("self", n.self());
            return node;
        }).toList());
        return health;
    }

    public static String version() {
        String version = App.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    public int port() {
        return web.port();
    }

    /**
     * The public URL of this server (links in messages point here): the configured one, or this host and the
     * port it listens on. Until it listens, the configured port.
     */
    public String baseUrl() {
        WebServer listening = web;
        return config.baseUrl(listening == null ? config.getInt(ConfigKey.HTTP_PORT) : listening.port());
    }

    public WebServer web() {
        return web;
    }

    /** Stops taking requests and firing triggers, lets in-flight sends finish, then closes the database. */
    @Override
    public void close() {
        if (web != null) {
            web.stop();
        }
        imports.close();
        nodeWatch.close();
        scheduler.close();
        runner.close();
        deliveryEngine.close();
        deliveries.close();
        postcards.close();
        smsInbound.close();
        smsGateway.close();
        database.close();
    }
}
