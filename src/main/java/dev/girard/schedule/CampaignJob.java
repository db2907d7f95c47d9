package dev.girard.schedule;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.girard.delivery.CampaignRunner;

/**
 * Fired by a campaign's cron trigger: plans a run for the fire time. One at a time per campaign, so a slow
 * run is never overlapped by the next firing of the same campaign.
 */
@DisallowConcurrentExecution
final class CampaignJob implements Job {
    static final String CAMPAIGN_ID = "campaignId";
    private static final Logger LOG = LoggerFactory.getLogger(CampaignJob.class);

    private final CampaignRunner runner;

    CampaignJob(CampaignRunner runner) {
        this.runner = runner;
    }

    @Override
    public void execute(JobExecutionContext context) {
        long campaignId = Long.parseLong(context.getMergedJobDataMap().getString(CAMPAIGN_ID));
        // after a misfire Quartz moves the scheduled time to now: a missed fire runs once, for the present period
        var scheduled = context.getScheduledFireTime().toInstant();
        try {
            runner.runScheduled(campaignId, scheduled, "schedule");
        } catch (RuntimeException e) {
            LOG.error("Campaign {} could not run at {}", campaignId, scheduled, e);
        }
    }
}
