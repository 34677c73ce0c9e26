using System.Threading.Channels;
using Microsoft.Extensions.Options;
using ReportForge.Scheduler.Service;

namespace ReportForge.Scheduler.Briefs;

/// <summary>The bounded queue of briefs waiting for a worker: past its capacity a request is refused, not buffered.</summary>
public sealed class BriefBacklog(BriefJobStore store, IOptions<ServiceOptions> options)
{
    private readonly Channel<string> _ids = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleWriter = false });
    private int _outstanding;

    /// <summary>Briefs queued or running now.</summary>
    public int Outstanding => Volatile.Read(ref _outstanding);

    public int Capacity => options.Value.Briefs.QueueCapacity;

    internal ChannelReader<string> Reader => _ids.Reader;

    /// <summary>Stores and queues a job; false (nothing stored) when the queue is full. <c>force</c> queues even then (a flash brief must not be lost).</summary>
    public async Task<bool> TryEnqueueAsync(BriefJob job, bool force, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _outstanding) > Capacity && !force)
        {
            Interlocked.Decrement(ref _outstanding);
            return false;
        }

        try
        {
            await store.InsertAsync(job, cancellationToken);
        }
        catch
        {
            Interlocked.Decrement(ref _outstanding);
            throw;
        }

        _ids.Writer.TryWrite(job.Id);
        return true;
    }

    /// <summary>Queues a job already stored (one handed back by the last run of the service).</summary>
    internal void Resume(string id)
    {
        Interlocked.Increment(ref _outstanding);
        _ids.Writer.TryWrite(id);
    }

    /// <summary>A worker is done with a job.</summary>
    internal void Finished() => Interlocked.Decrement(ref _outstanding);
}
