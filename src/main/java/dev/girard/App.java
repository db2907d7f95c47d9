package dev.girard;

import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.girard.auth.UserStore;
import dev.girard.campaign.CampaignService;
import dev.girard.campaign.CampaignStore;
import dev.girard.channel.ChannelRegistry;
import dev.girard.cluster.ClusterNodes;
import dev.girard.cluster.NodeId;
import dev.girard.cluster.NodeWatch;
import dev.girard.channel.email.EmailChannel;
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
import dev.girard.customer.ConsentStore;
import dev.girard.customer.PurchaseStore;
import dev.girard.db.Database;
import dev.girard.delivery.CampaignRunner;
import dev.girard.delivery.DeliveryEngine;
import dev.girard.delivery.DeliverySettings;
import dev.girard.delivery.SuppressionStore;
import dev.girard.delivery.DeliveryStore;
import dev.girard.delivery.RunStore;
import dev.girard.render.Preview;
import dev.girard.render.Sender;
import dev.girard.render.TemplateEngine;
import dev.girard.schedule.CampaignScheduler;
import dev.girard.segment.SegmentRegistry;
import dev.girard.web.CampaignController;
import dev.girard.web.CustomerController;
import dev.girard.web.DeliveryController;
import dev.girard.web.SmsController;
import dev.girard.web.TemplateController;
import dev.girard.web.WebServer;

/**
 * Girard, wired by hand in one place. {@link #open} gives the stores and services over the database (for
 * the command line); {@link #serve} also starts the delivery workers, the scheduler and the HTTP server.
 */
public final class App implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(App.class);

    public final Config config;
    public final Clock clock;
    public final String nodeId;
    public final Database database;
    public final CustomerStore customerStore;
    public final CustomerService customers;
    public final CustomerCsvImport customerImport;
    public final PurchaseStore purchases;
    public final ConsentStore consents;
    public final UserStore users;
    public final TemplateEngine templates;
    public final Preview preview;
    public final SegmentRegistry segments;
    public final CampaignStore campaignStore;
    public final CampaignService campaigns;
    public final RunStore runs;
    public final DeliveryStore deliveries;
    public final SuppressionStore suppressions;
    public final ChannelRegistry channels;
    public final DeliveryEngine deliveryEngine;
    public final CampaignRunner runner;
    public final CampaignScheduler scheduler;
    public final ClusterNodes nodes;
    private final NodeWatch nodeWatch;
    public final SmsGateway smsGateway;
    public final SmsChannel sms;
    public final SmsInbound smsInbound;
    private WebServer web;

    private App(Config config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.nodeId = NodeId.of(config);
        int batch = config.getInt(ConfigKey.DELIVERY_BATCH_SIZE);
        this.database = Database.open(config);
        var jdbi = database.jdbi();
        this.customerStore = new CustomerStore(jdbi, clock);
        CustomerValidator validator = new CustomerValidator(config.get(ConfigKey.PHONE_REGION), clock);
        this.customers = new CustomerService(customerStore, validator);
        this.customerImport = new CustomerCsvImport(jdbi, customerStore, validator, batch);
        this.purchases = new PurchaseStore(jdbi, clock);
        this.consents = new ConsentStore(jdbi, clock);
        this.users = new UserStore(jdbi, clock);
        String templatesDir = config.get(ConfigKey.TEMPLATES_DIR);
        this.templates = new TemplateEngine(templatesDir.isEmpty() ? null : Path.of(templatesDir));
        Sender sender = new Sender(config.get(ConfigKey.BUSINESS_NAME), config.get(ConfigKey.MAIL_FROM),
                config.get(ConfigKey.BUSINESS_ADDRESS));
        this.preview = new Preview(templates, sender, clock);
        this.segments = new SegmentRegistry(customerStore, batch);
        this.campaignStore = new CampaignStore(jdbi, clock);
        this.runs = new RunStore(jdbi, clock, database.writeGate());
        this.deliveries = new DeliveryStore(jdbi, clock, database.writeGate(), database.dialect());
        this.suppressions = new SuppressionStore(jdbi, clock);
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
                .register(new EmailChannel(config, templates), config.micros(ConfigKey.EMAIL_COST))
                .register(sms, smsCost);
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
        scheduler.reconcile(campaignStore.list());
        nodeWatch.recoverAtStart();
        // the scheduler checks this node in before its workers lease anything, so no other node takes their
        // leases for a dead node's
        scheduler.start();
        deliveryEngine.start(!database.dialect().clusterCapable());
        nodeWatch.start(config.getInt(ConfigKey.CLUSTER_CHECKIN_MS));
        WebServer.Controllers controllers = new WebServer.Controllers(
                new CustomerController(customerStore, customers, customerImport, purchases),
                new CampaignController(campaigns, scheduler, runner, runs, clock),
                new DeliveryController(runs, suppressions, deliveryEngine),
                new TemplateController(templates, preview, customerStore, segments, config.defaultZone()),
                new SmsController(sms, smsInbound, new InboundAuth(config.get(ConfigKey.SMS_INBOUND_TOKEN),
                        config.get(ConfigKey.SMS_INBOUND_HMAC_KEY), config.get(ConfigKey.SMS_GATEWAY).equals("twilio")
                                ? config.get(ConfigKey.SMS_TWILIO_AUTH_TOKEN) : ""),
                        customerStore, this::baseUrl));
        web = WebServer.create(users, controllers, this::health).start(config.get(ConfigKey.HTTP_HOST),
                config.getInt(ConfigKey.HTTP_PORT));
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

    public String baseUrl() {
        return config.baseUrl(port());
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
        nodeWatch.close();
        scheduler.close();
        runner.close();
        deliveryEngine.close();
        smsInbound.close();
        smsGateway.close();
        database.close();
    }
}
