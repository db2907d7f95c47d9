package dev.girard.schedule;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TimeZone;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.quartz.CronExpression;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.girard.campaign.Campaign;
import dev.girard.campaign.CampaignStatus;
import dev.girard.campaign.ScheduleSync;
import dev.girard.db.Database;
import dev.girard.delivery.CampaignRunner;

/**
 * Quartz with its JDBC job store on Girard's own database: one job and one cron trigger (in the campaign's
 * time zone) per active campaign. A fire missed while the server was down runs once at start-up; the
 * occurrence key of the deliveries makes sure that can never send twice.
 */
public final class CampaignScheduler implements ScheduleSync, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CampaignScheduler.class);
    private static final String GROUP = "campaigns";
    private static final String MAINTENANCE = "maintenance";
    /** The scheduler's name, the same on every node: Quartz clusters the nodes that share it and the database. */
    public static final String SCHEDULER_NAME = "girard";
    private static final AtomicInteger DATA_SOURCES = new AtomicInteger();

    private final Scheduler scheduler;
    private final Map<String, Runnable> maintenance = new ConcurrentHashMap<>();

    /**
     * @param nodeId                this process's name among the nodes
     * @param checkinIntervalMillis how often a node checks in where nodes share the database (PostgreSQL)
     */
    public CampaignScheduler(Database database, CampaignRunner runner, int threads, long misfireThresholdMillis,
            String nodeId, long checkinIntervalMillis) {
        if (SchedulerRepository.getInstance().lookup(SCHEDULER_NAME) != null) {
            throw new IllegalStateException("A Girard scheduler is running in this process already; close it first");
        }
        String dataSourceName = "girard-" + DATA_SOURCES.incrementAndGet();
        DBConnectionManager.getInstance().addConnectionProvider(dataSourceName, provider(database.dataSource()));
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", SCHEDULER_NAME);
        p.setProperty("org.quartz.scheduler.instanceId", nodeId);
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty("org.quartz.threadPool.threadCount", String.valueOf(threads));
        p.setProperty("org.quartz.threadPool.threadNamePrefix", "girard-trigger");
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty("org.quartz.jobStore.driverDelegateClass", database.dialect().quartzDelegate());
        p.setProperty("org.quartz.jobStore.dataSource", dataSourceName);
        p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        p.setProperty("org.quartz.jobStore.useProperties", "true");
        p.setProperty("org.quartz.jobStore.misfireThreshold", String.valueOf(misfireThresholdMillis));
        // On PostgreSQL every node runs this scheduler on the same tables: each trigger fires on one node, and
        // the triggers of a node that stops checking in move to the others. SQLite has one node.
        p.setProperty("org.quartz.jobStore.isClustered", String.valueOf(database.dialect().clusterCapable()));
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval", String.valueOf(checkinIntervalMillis));
        try {
            scheduler = new StdSchedulerFactory(p).getScheduler();
            scheduler.setJobFactory((bundle, s) -> bundle.getJobDetail().getJobClass() == MaintenanceJob.class
                    ? new MaintenanceJob(maintenance) : new CampaignJob(runner));
        } catch (SchedulerException e) {
            throw new IllegalStateException("Cannot create the scheduler: " + e.getMessage(), e);
        }
    }

    private static ConnectionProvider provider(DataSource dataSource) {
        return new ConnectionProvider() {
            @Override
            public java.sql.Connection getConnection() throws java.sql.SQLException {
                return dataSource.getConnection();
            }

            @Override
            public void shutdown() {
                // the pool belongs to the Database
            }

            @Override
            public void initialize() {
                // the pool belongs to the Database
            }
        };
    }

    /** Brings the triggers in line with the campaigns, keeping unchanged ones (and their missed fires) as they are. */
    public void reconcile(List<Campaign> campaigns) {
        try {
            List<JobKey> wanted = new ArrayList<>();
            for (Campaign campaign : campaigns) {
                if (campaign.status() == CampaignStatus.ACTIVE) {
                    wanted.add(jobKey(campaign.id()));
                }
                sync(campaign);
            }
            for (JobKey key : scheduler.getJobKeys(org.quartz.impl.matchers.GroupMatcher.jobGroupEquals(GROUP))) {
                if (!wanted.contains(key)) {
                    scheduler.deleteJob(key);
                }
            }
        } catch (SchedulerException e) {
            throw new IllegalStateException("Cannot read the scheduler's triggers: " + e.getMessage(), e);
        }
    }

    public void start() {
        try {
            scheduler.start();
        } catch (SchedulerException e) {
            throw new IllegalStateException("Cannot start the scheduler: " + e.getMessage(), e);
        }
    }

    @Override
    public void sync(Campaign campaign) {
        JobKey jobKey = jobKey(campaign.id());
        TriggerKey triggerKey = triggerKey(campaign.id());
        try {
            if (campaign.status() != CampaignStatus.ACTIVE) {
                if (scheduler.deleteJob(jobKey)) {
                    LOG.info("Campaign {} '{}' is {}: its trigger is removed", campaign.id(), campaign.name(),
                            campaign.status().id());
                }
                return;
            }
            Trigger existing = scheduler.getTrigger(triggerKey);
            if (existing instanceof CronTrigger cron && cron.getCronExpression().equals(campaign.cron())
                    && cron.getTimeZone().getID().equals(campaign.timeZone())) {
                return;
            }
            CronTrigger trigger = TriggerBuilder.newTrigger()
                    .withIdentity(triggerKey)
                    .forJob(jobKey)
                    .withSchedule(CronScheduleBuilder.cronSchedule(campaign.cron())
                            .inTimeZone(TimeZone.getTimeZone(ZoneId.of(campaign.timeZone())))
                            .withMisfireHandlingInstructionFireAndProceed())
                    .build();
            JobDetail job = JobBuilder.newJob(CampaignJob.class)
                    .withIdentity(jobKey)
                    .usingJobData(CampaignJob.CAMPAIGN_ID, String.valueOf(campaign.id()))
                    .storeDurably(false)
                    .build();
            scheduler.scheduleJob(job, java.util.Set.of(trigger), true);
            LOG.info("Campaign {} '{}' is scheduled '{}' in {}; next fire {}", campaign.id(), campaign.name(),
                    campaign.cron(), campaign.timeZone(), trigger.getNextFireTime());
        } catch (SchedulerException e) {
            throw new IllegalStateException("Cannot schedule campaign " + campaign.id() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IllegalStateException("Cannot schedule campaign " + campaign.id() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs a task of Girard's own on a cron schedule (in the given zone), e.g. the nightly stats rebuild. The
     * trigger is kept in Quartz's tables like the campaigns' (a fire missed while the server was down runs once
     * at start); it is replaced only when its schedule changed.
     */
    public void scheduleMaintenance(String name, String cron, ZoneId zone, Runnable task) {
        maintenance.put(name, task);
        JobKey jobKey = JobKey.jobKey(name, MAINTENANCE);
        TriggerKey triggerKey = TriggerKey.triggerKey(name, MAINTENANCE);
        try {
            Trigger existing = scheduler.getTrigger(triggerKey);
            if (existing instanceof CronTrigger current && current.getCronExpression().equals(cron)
                    && current.getTimeZone().getID().equals(zone.getId())) {
                return;
            }
            CronTrigger trigger = TriggerBuilder.newTrigger().withIdentity(triggerKey).forJob(jobKey)
                    .withSchedule(CronScheduleBuilder.cronSchedule(cron).inTimeZone(TimeZone.getTimeZone(zone))
                            .withMisfireHandlingInstructionFireAndProceed())
                    .build();
            JobDetail job = JobBuilder.newJob(MaintenanceJob.class).withIdentity(jobKey)
                    .usingJobData(MaintenanceJob.TASK, name).storeDurably(false).build();
            scheduler.scheduleJob(job, java.util.Set.of(trigger), true);
            LOG.info("Maintenance task '{}' is scheduled '{}' in {}; next fire {}", name, cron, zone,
                    trigger.getNextFireTime());
        } catch (SchedulerException e) {
            throw new IllegalStateException("Cannot schedule " + name + ": " + e.getMessage(), e);
        }
    }

    /** When a maintenance task's trigger fires next, if it is scheduled. */
    public Optional<Instant> nextMaintenance(String name) {
        try {
            Trigger trigger = scheduler.getTrigger(TriggerKey.triggerKey(name, MAINTENANCE));
            return Optional.ofNullable(trigger).map(Trigger::getNextFireTime).map(Date::toInstant);
        } catch (SchedulerException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** When the campaign's trigger fires next, if it is scheduled. */
    public Optional<Instant> nextFireTime(long campaignId) {
        try {
            Trigger trigger = scheduler.getTrigger(triggerKey(campaignId));
            return Optional.ofNullable(trigger).map(Trigger::getNextFireTime).map(Date::toInstant);
        } catch (SchedulerException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The next {@code count} fire times of a cron expression in a time zone, after {@code from}. */
    public static List<Instant> nextFireTimes(String cron, ZoneId zone, Instant from, int count) {
        try {
            CronExpression expression = new CronExpression(cron);
            expression.setTimeZone(TimeZone.getTimeZone(zone));
            List<Instant> times = new ArrayList<>();
            Date next = Date.from(from);
            while (times.size() < count) {
                next = expression.getNextValidTimeAfter(next);
                if (next == null) {
                    break;
                }
                times.add(next.toInstant());
            }
            return times;
        } catch (java.text.ParseException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static JobKey jobKey(long campaignId) {
        return JobKey.jobKey("campaign-" + campaignId, GROUP);
    }

    private static TriggerKey triggerKey(long campaignId) {
        return TriggerKey.triggerKey("campaign-" + campaignId, GROUP);
    }

    /** Stops firing and waits for running jobs (which only plan; sending is the delivery engine's). */
    @Override
    public void close() {
        try {
            scheduler.shutdown(true);
        } catch (SchedulerException e) {
            LOG.warn("Scheduler shutdown: {}", e.getMessage());
        }
    }
}
