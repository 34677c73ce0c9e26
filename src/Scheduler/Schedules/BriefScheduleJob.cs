using Microsoft.Extensions.Logging;
using Quartz;
using ReportForge.Data.Archive;
using ReportForge.Reporting.Analysis;
using ReportForge.Scheduler.Briefs;
using ReportForge.Scheduler.Delivery;

namespace ReportForge.Scheduler.Schedules;

/// <summary>A recurring brief: completeness check, brief, archive, deliveries to the schedule's subscribers.</summary>
[DisallowConcurrentExecution]
public sealed class BriefScheduleJob(
    ScheduleStore schedules,
    ScheduleRunStore runs,
    CompletenessCheck completeness,
    BriefRunner briefs,
    DeliveryPlanner deliveries,
    ReportArchive archive,
    ILogger<BriefScheduleJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var scheduleId = ScheduleRunContext.ScheduleId(context);
        var schedule = await schedules.FindAsync(scheduleId, cancellationToken);
        if (schedule is null)
        {
            logger.LogWarning("Schedule {Schedule} no longer exists; its trigger is removed", scheduleId);
            throw new JobExecutionException($"Schedule '{scheduleId}' no longer exists.") { UnscheduleAllTriggers = true };
        }

        var scheduledFor = ScheduleRunContext.ScheduledFor(context);
        var runId = await runs.StartAsync(scheduleId, context.FireInstanceId, scheduledFor, context.RetryAttempt,
            ScheduleRunContext.Cause(context), cancellationToken);
        try
        {
            // A node that died after archiving this firing's brief left it on its run: its recipients get that
            // brief, planned idempotently, rather than a second one.
            if (await runs.ReportOfFiringAsync(scheduleId, scheduledFor, cancellationToken) is { } earlier
                && await archive.FindAsync(earlier, cancellationToken) is { PdfPath: not null } archived)
            {
                await deliveries.PlanForScheduleAsync(archived.Id, schedule.Id, cancellationToken);
                await runs.FinishAsync(runId, "succeeded", archived.Id, archived.Headline, CancellationToken.None);
                logger.LogInformation("Schedule {Schedule} firing of {Due:O} already had brief {Report}; delivering that one", scheduleId, scheduledFor, archived.Id);
                return;
            }

            var window = ScheduleWindow.For(schedule, scheduledFor);
            var missing = await completeness.MissingAsync(window, cancellationToken);
            if (missing.Count > 0)
            {
                throw new IncompleteDataException(window, missing);
            }

            var result = await briefs.RunAsync(window, schedule.TemplateSet, cancellationToken);
            await runs.AttachReportAsync(runId, result.Id, CancellationToken.None);
            await deliveries.PlanForScheduleAsync(result.Id, schedule.Id, cancellationToken);
            await runs.FinishAsync(runId, "succeeded", result.Id, result.Headline, CancellationToken.None);
            logger.LogInformation("Schedule {Schedule} wrote brief {Report}: {Headline}", scheduleId, result.Id, result.Headline);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: Quartz hands the firing back for recovery (RequestRecovery), so the next start runs it.
            await runs.FinishAsync(runId, "interrupted", null, "the service stopped; the run is handed back and repeated at the next start", CancellationToken.None);
            throw;
        }
        catch (Exception e) when (e is not JobExecutionException)
        {
            var last = ScheduleRunContext.IsLastAttempt(context);
            await runs.FinishAsync(runId, last ? "failed" : "retrying", null, e.Message, CancellationToken.None);
            if (last)
            {
                logger.LogError(e, "Schedule {Schedule} failed for good after {Attempts} attempt(s)", scheduleId, context.RetryAttempt + 1);
            }
            else
            {
                logger.LogWarning("Schedule {Schedule} attempt {Attempt} failed, will retry: {Error}", scheduleId, context.RetryAttempt + 1, e.Message);
            }

            throw new JobExecutionException(e.Message, e);
        }
    }
}

/// <summary>Exceptions a brief can fail with that are about the data, not a defect.</summary>
internal static class BriefFailures
{
    public static bool IsDataProblem(Exception e) => e is MissingDataException or IncompleteDataException;
}
