package dev.girard.campaign;

/** Keeps the scheduler in step with a campaign after it was created, edited, paused or deleted. */
public interface ScheduleSync {
    void sync(Campaign campaign);
}
