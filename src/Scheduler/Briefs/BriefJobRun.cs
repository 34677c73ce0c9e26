using System.Text.Json;
using Quartz;
using ReportForge.Data.Archive;
using ReportForge.Reporting.Analysis;
using ReportForge.Scheduler.Delivery;

namespace ReportForge.Scheduler.Briefs;

/// <summary>The Quartz job that writes one queued brief; whichever node's Quartz fires it claims the job row first.</summary>
/// <remarks>
/// The job requests recovery: when its node dies mid-run (or the service stops), Quartz fires it again — on
/// another node of a cluster, or at the next start — and the claim lets that recovery take the row back.
/// </remarks>
public sealed class BriefJobRun(
    BriefJobStore store,
    BriefRunner runner,
    ReportArchive archive,
    DeliveryPlanner deliveries,
    ILogger<BriefJobRun> logger) : IJob
{
    /// <summary>Job data key of the brief_jobs id.</summary>
    public const string JobIdKey = "briefJobId";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var id = context.MergedJobDataMap.GetString(JobIdKey) ?? throw new JobExecutionException("A brief job fired without its id.");
        if (!await store.TryClaimAsync(id, context.Recovering, cancellationToken))
        {
            // Finished already. A node that died between marking it done and planning its deliveries
            // leaves them unplanned; planning is idempotent, so a recovery plans them again.
            if (context.Recovering && await store.FindAsync(id, cancellationToken) is { Status: "done", ReportId: { } done } finished)
            {
                await PlanDeliveriesAsync(finished, done);
            }

            return;
        }

        var job = await store.FindAsync(id, CancellationToken.None) ?? throw new JobExecutionException($"Brief job {id} vanished after it was claimed.");
        try
        {
            string reportId;
            if (job.Kind == BriefJob.Rerender)
            {
                var source = await archive.FindAsync(job.SourceReportId ?? "", cancellationToken)
                             ?? throw new InvalidOperationException($"Brief {job.SourceReportId} is no longer in the archive.");
                reportId = (await runner.RerenderAsync(source, cancellationToken)).Id;
            }
            else
            {
                var window = new BriefWindow(DateTimeOffset.FromUnixTimeMilliseconds(job.WindowStart), DateTimeOffset.FromUnixTimeMilliseconds(job.WindowEnd),
                    TimeZoneInfo.FindSystemTimeZoneById(job.TimeZone));
                reportId = (await runner.RunAsync(window, job.TemplateSet, cancellationToken)).Id;
            }

            await store.MarkDoneAsync(id, reportId, CancellationToken.None);
            await PlanDeliveriesAsync(job, reportId);
            logger.LogInformation("Brief job {Job} ({Kind}) done: report {Report}", id, job.Kind, reportId);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: the row goes back to the queue and Quartz hands the firing back for recovery.
            await store.RequeueAsync(id, CancellationToken.None);
            logger.LogInformation("Brief job {Job} handed back to the queue: the service is stopping", id);
            throw;
        }
#pragma warning disable CA1031 // Any failure of a brief is recorded on its job; the caller reads it from the API.
        catch (Exception e)
#pragma warning restore CA1031
        {
            await store.MarkFailedAsync(id, e.Message, CancellationToken.None);
            logger.LogWarning("Brief job {Job} failed: {Error}", id, e.Message);
        }
    }

    private async Task PlanDeliveriesAsync(BriefJob job, string reportId)
    {
        var recipients = JsonSerializer.Deserialize<List<string>>(job.RecipientsJson) ?? [];
        if (recipients.Count > 0)
        {
            await deliveries.PlanAdHocAsync(reportId, recipients, CancellationToken.None);
        }

        if (job.ScheduleId is { } scheduleId)
        {
            await deliveries.PlanForScheduleAsync(reportId, scheduleId, CancellationToken.None);
        }
    }
}
