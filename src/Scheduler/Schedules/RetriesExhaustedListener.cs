using Quartz;
using ReportForge.Scheduler.Service;

namespace ReportForge.Scheduler.Schedules;

/// <summary>Tells the owner when a schedule's firing has used up its retries.</summary>
public sealed class RetriesExhaustedListener(OwnerAlerts alerts) : ITriggerListener
{
    public string Name => nameof(RetriesExhaustedListener);

    public async ValueTask TriggerRetriesExhausted(ITrigger trigger, IJobExecutionContext context, JobExecutionException exception, CancellationToken cancellationToken = default)
    {
        var scheduleId = ScheduleRunContext.ScheduleId(context);
        await alerts.RaiseAsync(
            "schedule-failed",
            $"Schedule '{scheduleId}' failed after {context.RetryAttempt + 1} attempts",
            $"The firing due {ScheduleRunContext.ScheduledFor(context):yyyy-MM-dd HH:mm} UTC gave up: {exception.InnerException?.Message ?? exception.Message}. " +
            $"See GET /api/schedules/{scheduleId}/runs; run it again with POST /api/schedules/{scheduleId}/run once the cause is fixed.",
            cancellationToken);
    }
}
