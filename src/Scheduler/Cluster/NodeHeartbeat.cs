using Microsoft.Extensions.Options;
using ReportForge.Scheduler.Delivery;
using ReportForge.Scheduler.Schedules;
using ReportForge.Scheduler.Service;

namespace ReportForge.Scheduler.Cluster;

/// <summary>Keeps this node in service_nodes and hands the work of nodes that went silent back to the living.</summary>
/// <remarks>
/// Started before the workers, so the first pass (at start-up) resolves what a previous run of this
/// node left half done before anything new is taken. Brief jobs are Quartz jobs that request
/// recovery, so Quartz itself re-runs those of a dead node; deliveries and the run history are ours.
/// </remarks>
public sealed class NodeHeartbeat(
    ServiceNode node,
    NodeStore nodes,
    DeliveryStore deliveries,
    ScheduleRunStore runs,
    IOptions<ServiceOptions> options,
    TimeProvider clock,
    ILogger<NodeHeartbeat> logger) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await nodes.JoinAsync(node, cancellationToken);
        logger.LogInformation("Node {Node} joined ({Mode})", node.Id, node.Clustered ? "cluster on a shared database" : "single node");
        await RecoverAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value.Cluster;
        using var timer = new PeriodicTimer(settings.HeartbeatInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    if (!await nodes.BeatAsync(node, stoppingToken))
                    {
                        logger.LogWarning("Node {Node} was silent for longer than {Timeout} and was taken for dead; it has rejoined", node.Id, settings.NodeTimeout);
                    }

                    var gone = await nodes.ExpireAsync(node, settings.NodeTimeout, stoppingToken);
                    if (gone.Count > 0)
                    {
                        logger.LogWarning("Node(s) {Nodes} stopped saying they are alive; taking over their work", string.Join(", ", gone));
                    }

                    await RecoverAsync(stoppingToken);
                }
#pragma warning disable CA1031 // A database hiccup must not stop the heartbeat; the next tick tries again.
                catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
                {

                    logger.LogError(e, "Heartbeat of node {Node} failed", node.Id);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // Stopped last of the workers (hosted services stop in reverse order), so nothing of ours is still running.
        await nodes.LeaveAsync(node, CancellationToken.None);
    }

    private async Task RecoverAsync(CancellationToken cancellationToken)
    {
        var recovered = await deliveries.RecoverAsync(cancellationToken);
        if (recovered > 0)
        {
            logger.LogInformation("Resolved {Count} delivery(ies) a stopped node left in progress", recovered);
        }

        var interrupted = await runs.MarkInterruptedAsync(cancellationToken);
        if (interrupted > 0)
        {
            logger.LogWarning("{Count} schedule run(s) were cut off when their node stopped; Quartz repeats them", interrupted);
        }
    }
}
