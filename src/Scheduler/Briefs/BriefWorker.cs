using System.Text.Json;
using Microsoft.Extensions.Options;
using ReportForge.Data.Archive;
using ReportForge.Reporting.Analysis;
using ReportForge.Scheduler.Delivery;
using ReportForge.Scheduler.Service;

namespace ReportForge.Scheduler.Briefs;

/// <summary>Runs queued briefs, a few at a time; on shutdown lets running ones finish within a grace period, then hands them back.</summary>
public sealed class BriefWorker(
    BriefBacklog queue,
    BriefJobStore store,
    BriefRunner runner,
    ReportArchive archive,
    DeliveryPlanner deliveries,
    IOptions<ServiceOptions> options,
    ILogger<BriefWorker> logger) : BackgroundService
{
    private readonly CancellationTokenSource _hardStop = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var unfinished = await store.UnfinishedAsync(stoppingToken);
        foreach (var job in unfinished)
        {
            queue.Resume(job.Id);
        }

        if (unfinished.Count > 0)
        {
            logger.LogInformation("Resumed {Count} brief(s) handed back by the last run", unfinished.Count);
        }

        await Task.WhenAll(Enumerable.Range(0, options.Value.Briefs.Workers).Select(_ => WorkAsync(stoppingToken)));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Running briefs get a grace period (or what is left of the host's shutdown time), then are cancelled and requeued.
        await using var registration = cancellationToken.Register(_hardStop.Cancel);
        _hardStop.CancelAfter(options.Value.Briefs.ShutdownGrace);
        await base.StopAsync(CancellationToken.None);
    }

    public override void Dispose()
    {
        _hardStop.Dispose();
        base.Dispose();
    }

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            string id;
            try
            {
                id = await queue.Reader.ReadAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                await RunAsync(id, _hardStop.Token);
            }
            finally
            {
                queue.Finished();
            }
        }
    }

    private async Task RunAsync(string id, CancellationToken cancellationToken)
    {
        var job = await store.FindAsync(id, CancellationToken.None);
        if (job is null || job.Status != "queued")
        {
            return;
        }

        await store.MarkRunningAsync(id, CancellationToken.None);
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
            var recipients = JsonSerializer.Deserialize<List<string>>(job.RecipientsJson) ?? [];
            if (recipients.Count > 0)
            {
                await deliveries.PlanAdHocAsync(reportId, recipients, CancellationToken.None);
            }

            if (job.ScheduleId is { } scheduleId)
            {
                await deliveries.PlanForScheduleAsync(reportId, scheduleId, CancellationToken.None);
            }

            logger.LogInformation("Brief job {Job} ({Kind}) done: report {Report}", id, job.Kind, reportId);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await store.RequeueAsync(id, CancellationToken.None);
            logger.LogInformation("Brief job {Job} handed back to the queue: the service is stopping", id);
        }
        catch (Exception e)
        {
            await store.MarkFailedAsync(id, e.Message, CancellationToken.None);
            logger.LogWarning("Brief job {Job} failed: {Error}", id, e.Message);
        }
    }
}
