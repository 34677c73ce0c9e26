using Microsoft.Extensions.Logging;
using Quartz;
using ReportForge.Scheduler.Flash;
using ReportForge.Scheduler.Ingest;

namespace ReportForge.Scheduler.Schedules;

/// <summary>A recurring ingest of one source; afterwards the flash watcher looks at the trailing 24 h.</summary>
[DisallowConcurrentExecution]
public sealed class IngestScheduleJob(
    ScheduleStore schedules,
    ScheduleRunStore runs,
    IIngestRunner ingest,
    FlashWatcher flash,
    ILogger<IngestScheduleJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var scheduleId = ScheduleRunContext.ScheduleId(context);
        var schedule = await schedules.FindAsync(scheduleId, cancellationToken);
        if (schedule?.Source is null)
        {
            throw new JobExecutionException($"Schedule '{scheduleId}' no longer exists or names no source.") { UnscheduleAllTriggers = true };
        }

        var runId = await runs.StartAsync(scheduleId, context.FireInstanceId, ScheduleRunContext.ScheduledFor(context), context.RetryAttempt,
            ScheduleRunContext.Cause(context), cancellationToken);
        try
        {
            var outcome = await ingest.RunAsync(schedule.Source, null, null, cancellationToken);
            if (!outcome.Succeeded)
            {
                throw new InvalidOperationException($"Ingest of '{schedule.Source}' failed: {outcome.Error}");
            }

            var detail = $"{outcome.RowsChanged} rows changed";
            if (await flash.CheckAsync(cancellationToken) is { } flashJob)
            {
                detail += $"; flash brief {flashJob} queued";
            }

            await runs.FinishAsync(runId, "succeeded", null, detail, CancellationToken.None);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await runs.FinishAsync(runId, "interrupted", null, "the service stopped; the run is handed back and repeated at the next start", CancellationToken.None);
            throw;
        }
        catch (Exception e) when (e is not JobExecutionException)
        {
            var last = ScheduleRunContext.IsLastAttempt(context);
            await runs.FinishAsync(runId, last ? "failed" : "retrying", null, e.Message, CancellationToken.None);
            logger.LogWarning("Ingest schedule {Schedule} attempt {Attempt} failed: {Error}", scheduleId, context.RetryAttempt + 1, e.Message);
            throw new JobExecutionException(e.Message, e);
        }
    }
}
