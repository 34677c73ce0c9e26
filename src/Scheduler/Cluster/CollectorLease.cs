using Microsoft.Extensions.Options;
using ReportForge.Data.Ingest;
using ReportForge.Data.Sources.Collectors;
using ReportForge.Scheduler.Service;

namespace ReportForge.Scheduler.Cluster;

/// <summary>Runs the liquidation collectors on one node at a time: the node holding the "collectors" lease runs them and renews it every heartbeat.</summary>
/// <remarks>
/// Two nodes collecting at once would each write every order (stored once, but twice the connections and
/// the exchanges' limits), so the others wait. A holder that dies stops renewing; within
/// Cluster:CollectorLeaseTime its lease expires and the next node to look takes it and starts collecting.
/// </remarks>
public sealed class CollectorLease(
    CollectorSet collectors,
    IOptions<SourcesOptions> sources,
    LeaseStore leases,
    ServiceNode node,
    IOptions<ServiceOptions> options,
    TimeProvider clock,
    ILogger<CollectorLease> logger) : BackgroundService
{
    /// <summary>Name of the lease in the leases table.</summary>
    public const string Name = "collectors";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!sources.Value.Collectors.Enabled || collectors.Collectors.Count == 0)
        {
            return;
        }

        var settings = options.Value.Cluster;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (await TryHoldAsync(stoppingToken) is { } heldUntil)
                {
                    await CollectWhileHeldAsync(heldUntil, stoppingToken);
                }

                await Task.Delay(settings.HeartbeatInterval, clock, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            await leases.ReleaseAsync(Name, node.Id, CancellationToken.None);
        }
    }

    private async Task CollectWhileHeldAsync(DateTimeOffset heldUntil, CancellationToken stoppingToken)
    {
        var settings = options.Value.Cluster;
        logger.LogInformation("Node {Node} holds the collectors' lease: starting {Count} collector(s)", node.Id, collectors.Collectors.Count);
        using var held = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var run = collectors.RunAsync(held.Token);
        while (!run.IsCompleted)
        {
            await Task.WhenAny(run, Task.Delay(settings.HeartbeatInterval, clock, stoppingToken)).ConfigureAwait(false);
            if (run.IsCompleted || stoppingToken.IsCancellationRequested)
            {
                break;
            }

            if (await TryHoldAsync(stoppingToken) is { } renewed)
            {
                heldUntil = renewed;
            }
            else if (clock.GetUtcNow() >= heldUntil - settings.HeartbeatInterval)
            {
                logger.LogWarning("Node {Node} lost the collectors' lease; stopping its collectors", node.Id);
                break;
            }
        }

        // Collectors stop first, then their sink writes what it holds (CollectorSet.RunAsync).
        await held.CancelAsync();
        try
        {
            await run;
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Until when the lease is ours, or null when another node has it (or the database cannot be reached).</summary>
    private async Task<DateTimeOffset?> TryHoldAsync(CancellationToken cancellationToken)
    {
        var term = options.Value.Cluster.CollectorLeaseTime;
        var asked = clock.GetUtcNow();
        try
        {
            return await leases.TryHoldAsync(Name, node.Id, term, cancellationToken) ? asked + term : null;
        }
#pragma warning disable CA1031 // An unreachable database means the lease cannot be renewed; the holder stops at its expiry.
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            logger.LogError(e, "Could not reach the collectors' lease");
            return null;
        }
    }
}
