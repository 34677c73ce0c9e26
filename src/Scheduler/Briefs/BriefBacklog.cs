using Microsoft.Extensions.Options;
using Quartz;
using ReportForge.Scheduler.Service;

namespace ReportForge.Scheduler.Briefs;

/// <summary>The bounded queue of briefs: each is a brief_jobs row and a Quartz job, so any node of a cluster can write it. Past capacity a request is refused, not buffered.</summary>
public sealed class BriefBacklog(BriefJobStore store, ISchedulerFactory schedulers, IOptions<ServiceOptions> options) : IDisposable
{
    /// <summary>Quartz group of the brief jobs.</summary>
    public const string JobGroup = "brief-jobs";

    // Counting and inserting is one step on this node, so concurrent requests cannot overshoot the capacity together.
    private readonly SemaphoreSlim _admission = new(1, 1);

    public int Capacity => options.Value.Briefs.QueueCapacity;

    /// <summary>Briefs queued or running now, across the cluster.</summary>
    public Task<int> OutstandingAsync(CancellationToken cancellationToken) => store.CountOutstandingAsync(cancellationToken);

    /// <summary>Stores and queues a job; false (nothing stored) when the queue is full. <c>force</c> queues even then (a flash brief must not be lost).</summary>
    public async Task<bool> TryEnqueueAsync(BriefJob job, bool force, CancellationToken cancellationToken)
    {
        await _admission.WaitAsync(cancellationToken);
        try
        {
            if (!force && await store.CountOutstandingAsync(cancellationToken) >= Capacity)
            {
                return false;
            }

            await store.InsertAsync(job, cancellationToken);
        }
        finally
        {
            _admission.Release();
        }

        try
        {
            var scheduler = await schedulers.GetScheduler(cancellationToken);
            var detail = JobBuilder.Create<BriefJobRun>()
                .WithIdentity(job.Id, JobGroup)
                .UsingJobData(BriefJobRun.JobIdKey, job.Id)
                .RequestRecovery()
                .Build();
            var trigger = TriggerBuilder.Create()
                .WithIdentity(job.Id, JobGroup)
                .ForJob(detail)
                .StartNow()
                // A brief waiting behind others past the misfire threshold still runs, once.
                .WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
                .Build();
            await scheduler.ScheduleJob(detail, trigger, new ScheduleJobOptions(), cancellationToken);
        }
        catch (Exception e) when (e is SchedulerException or OperationCanceledException)
        {
            await store.MarkFailedAsync(job.Id, "could not be queued: " + e.Message, CancellationToken.None);
            throw;
        }

        return true;
    }

    public void Dispose() => _admission.Dispose();
}
