package dev.girard.schedule;

import java.util.Map;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fired by a maintenance trigger (e.g. the nightly stats rebuild): runs the task registered under the job's
 * name. Never two at once per task, so a slow rebuild is not overlapped by the next night's.
 */
@DisallowConcurrentExecution
final class MaintenanceJob implements Job {
    static final String TASK = "task";
    private static final Logger LOG = LoggerFactory.getLogger(MaintenanceJob.class);

    private final Map<String, Runnable> tasks;

    MaintenanceJob(Map<String, Runnable> tasks) {
        this.tasks = tasks;
    }

    @Override
    public void execute(JobExecutionContext context) {
        String name = context.getMergedJobDataMap().getString(TASK);
        Runnable task = tasks.get(name);
        if (task == null) {
            LOG.warn("No maintenance task '{}' in this process; its trigger fired for nothing", name);
            return;
        }
        try {
            task.run();
        } catch (dev.girard.core.ConflictException e) {
            LOG.warn("Maintenance task '{}' did not run: {}", name, e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("Maintenance task '{}' failed", name, e);
        }
    }
}
