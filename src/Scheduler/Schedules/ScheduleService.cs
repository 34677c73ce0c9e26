using Microsoft.Extensions.Options;
using Quartz;
using ReportForge.Scheduler.Service;

namespace ReportForge.Scheduler.Schedules;

/// <summary>Keeps a schedule's definition (schedules table) and its Quartz job and trigger (quartz.db) in step.</summary>
public sealed class ScheduleService(ISchedulerFactory schedulers, ScheduleStore store, IOptions<ServiceOptions> options, TimeProvider clock)
{
    /// <summary>The Quartz group every schedule's job and trigger live in.</summary>
    public const string Group = "schedules";

    /// <summary>Job data key naming the schedule a job runs.</summary>
    public const string ScheduleIdKey = "scheduleId";

    /// <summary>Job data key set on a "run now" firing.</summary>
    public const string CauseKey = "cause";

    public static JobKey JobKeyOf(string id) => new(id, Group);

    public static TriggerKey TriggerKeyOf(string id) => new(id, Group);

    /// <summary>The retry policy of every schedule: exponential back-off, capped, limited attempts.</summary>
    public static RetryPolicy RetryPolicyOf(RetryOptions retry) =>
        RetryPolicy.Exponential(retry.Attempts, retry.InitialDelay, 2.0, retry.MaxDelay < retry.InitialDelay ? retry.InitialDelay : retry.MaxDelay);

    /// <summary>The cron trigger of a schedule: its time zone set on the trigger, a missed firing run once.</summary>
    public ITrigger BuildTrigger(ScheduleDefinition schedule) =>
        BuildTrigger(schedule, options.Value.Scheduler);

    public static ITrigger BuildTrigger(ScheduleDefinition schedule, SchedulerOptions scheduler) =>
        TriggerBuilder.Create()
            .WithIdentity(TriggerKeyOf(schedule.Id))
            .ForJob(JobKeyOf(schedule.Id))
            // FireAndProceed: a firing missed while the service was down runs once at start, not once per missed day.
            .WithCronSchedule(schedule.Cron, cron => cron.InTimeZone(schedule.Zone).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed))
            .WithMisfireThreshold(scheduler.MisfireThreshold)
            .WithRetryPolicy(RetryPolicyOf(scheduler.Retry))
            .Build();

    /// <summary>Stores a new or changed schedule and (re)schedules it.</summary>
    public async Task<ScheduleDefinition> SaveAsync(ScheduleDefinition schedule, CancellationToken cancellationToken)
    {
        var existing = await store.FindAsync(schedule.Id, cancellationToken);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var saved = schedule with
        {
            CreatedAt = existing?.CreatedAt ?? now,
            UpdatedAt = now,
            PausedAt = existing?.PausedAt,
            PausedReason = existing?.PausedReason,
        };
        await store.UpsertAsync(saved, cancellationToken);
        await ApplyAsync(saved, cancellationToken);
        return saved;
    }

    /// <summary>Makes Quartz hold this schedule's job and trigger; an unchanged trigger is kept as it is, so its misfire state survives a restart.</summary>
    public async Task ApplyAsync(ScheduleDefinition schedule, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var jobKey = JobKeyOf(schedule.Id);
        var triggerKey = TriggerKeyOf(schedule.Id);
        var jobType = schedule.Kind == ScheduleDefinition.IngestKind ? typeof(IngestScheduleJob) : typeof(BriefScheduleJob);
        var job = await scheduler.GetJobDetail(jobKey, cancellationToken);
        var trigger = await scheduler.GetTrigger(triggerKey, cancellationToken) as ICronTrigger;
        var unchanged = job is not null && job.JobType.Type == jobType && trigger is not null
                        && trigger.CronExpressionString == schedule.Cron && trigger.TimeZone.Id == schedule.Zone.Id
                        && trigger.MisfireThreshold == options.Value.Scheduler.MisfireThreshold;
        if (!unchanged)
        {
            var detail = JobBuilder.Create().OfType(jobType)
                .WithIdentity(jobKey)
                .UsingJobData(ScheduleIdKey, schedule.Id)
                .RequestRecovery()
                .StoreDurably()
                .Build();
            await scheduler.ScheduleJob(detail, BuildTrigger(schedule), new ScheduleJobOptions
            {
                Replace = true,
                PauseReason = schedule.IsPaused ? schedule.PausedReason ?? "paused" : null,
                PauseRequestedBy = schedule.IsPaused ? "reportforge" : null,
            }, cancellationToken);
            return;
        }

        var state = await scheduler.GetTriggerState(triggerKey, cancellationToken);
        if (schedule.IsPaused && state != TriggerState.Paused)
        {
            await scheduler.PauseTriggerWith(triggerKey, new PauseDetails { Reason = schedule.PausedReason ?? "paused", RequestedBy = "reportforge" }, cancellationToken);
        }
        else if (!schedule.IsPaused && state == TriggerState.Paused)
        {
            await scheduler.ResumeTrigger(triggerKey, cancellationToken);
        }
    }

    public async Task<ScheduleDefinition?> PauseAsync(string id, string reason, CancellationToken cancellationToken)
    {
        var schedule = await store.FindAsync(id, cancellationToken);
        if (schedule is null)
        {
            return null;
        }

        var paused = schedule with { PausedReason = reason, PausedAt = clock.GetUtcNow().ToUnixTimeMilliseconds(), UpdatedAt = clock.GetUtcNow().ToUnixTimeMilliseconds() };
        await store.UpsertAsync(paused, cancellationToken);
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        await scheduler.PauseTriggerWith(TriggerKeyOf(id), new PauseDetails { Reason = reason, RequestedBy = "api" }, cancellationToken);
        return paused;
    }

    public async Task<ScheduleDefinition?> ResumeAsync(string id, CancellationToken cancellationToken)
    {
        var schedule = await store.FindAsync(id, cancellationToken);
        if (schedule is null)
        {
            return null;
        }

        var resumed = schedule with { PausedReason = null, PausedAt = null, UpdatedAt = clock.GetUtcNow().ToUnixTimeMilliseconds() };
        await store.UpsertAsync(resumed, cancellationToken);
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        await scheduler.ResumeTrigger(TriggerKeyOf(id), cancellationToken);
        return resumed;
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        await scheduler.DeleteJob(JobKeyOf(id), cancellationToken);
        return await store.DeleteAsync(id, cancellationToken);
    }

    /// <summary>Fires the schedule's job now, outside its timetable (the run is recorded with cause "manual").</summary>
    public async Task<bool> RunNowAsync(string id, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(id, cancellationToken) is null)
        {
            return false;
        }

        var scheduler = await schedulers.GetScheduler(cancellationToken);
        await scheduler.TriggerJob(JobKeyOf(id), new JobDataMap { [CauseKey] = "manual" }, cancellationToken);
        return true;
    }

    /// <summary>The next firings of a schedule, from its stored trigger when there is one.</summary>
    public async Task<IReadOnlyList<DateTimeOffset>> NextFireTimesAsync(ScheduleDefinition schedule, int count, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var trigger = await scheduler.GetTrigger(TriggerKeyOf(schedule.Id), cancellationToken) ?? BuildTrigger(schedule);
        var times = new List<DateTimeOffset>();
        DateTimeOffset? after = clock.GetUtcNow();
        while (times.Count < count && trigger.GetFireTimeAfter(after) is { } next)
        {
            times.Add(next);
            after = next;
        }

        return times;
    }

    /// <summary>Quartz's view of the trigger: Normal, Paused, Blocked, Error or None.</summary>
    public async Task<TriggerState> StateAsync(string id, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        return await scheduler.GetTriggerState(TriggerKeyOf(id), cancellationToken);
    }
}
