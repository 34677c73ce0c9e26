using Dapper;
using Quartz;
using ReportForge.Data.Runs;
using ReportForge.Data.Storage;
using ReportForge.Scheduler.Briefs;
using ReportForge.Scheduler.Cluster;
using ReportForge.Scheduler.Delivery;
using ReportForge.Scheduler.Ingest;

namespace ReportForge.Scheduler.Service;

/// <summary>GET /health: scheduler, database, collectors, last ingest per source, queue and deliveries.</summary>
internal static class HealthEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/health", ReportAsync).WithTags("Health").WithSummary("Scheduler, database, collectors and the last ingest of each source.")
            .Produces(200).Produces(503).AllowAnonymous();

    private static async Task<IResult> ReportAsync(
        ISchedulerFactory schedulers, ReportForgeDatabase database, TimeProvider clock, IIngestRunner ingest, BriefBacklog queue, DeliveryStore deliveries,
        ServiceNode node, NodeStore nodes, LeaseStore leases, CancellationToken cancellationToken)
    {
        var healthy = true;
        object scheduler;
        try
        {
            var instance = await schedulers.GetScheduler(cancellationToken);
            var status = await instance.GetStatus(cancellationToken);
            healthy &= status == SchedulerStatus.Running;
            scheduler = new { status = status.ToString().ToLowerInvariant(), name = instance.SchedulerName };
        }
#pragma warning disable CA1031 // Health reports any failure instead of throwing it.
        catch (Exception e)
#pragma warning restore CA1031
        {
            healthy = false;
            scheduler = new { status = "error", error = e.Message };
        }

        object databaseReport;
        object lastIngest = new { };
        IReadOnlyDictionary<string, int> deliveryCounts = new Dictionary<string, int>();
        var outstanding = 0;
        object cluster = new { };
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            var version = await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT COALESCE(MAX(version), 0) FROM schema_version", cancellationToken: cancellationToken));
            databaseReport = new { status = "ok", schemaVersion = version, path = database.FilePath };
            var runs = await new IngestRunStore(database, clock).LatestPerSourceAsync(cancellationToken);
            lastIngest = runs.ToDictionary(r => r.Source, r => (object)new
            {
                kind = r.Kind,
                outcome = r.Outcome,
                startedAt = r.StartedAt,
                finishedAt = r.FinishedAt,
                error = r.Error,
            }, StringComparer.Ordinal);
            deliveryCounts = await deliveries.CountsAsync(cancellationToken);
            outstanding = await queue.OutstandingAsync(cancellationToken);
            var collectorLease = await leases.FindAsync(CollectorLease.Name, cancellationToken);
            cluster = new
            {
                node = node.Id,
                clustered = node.Clustered,
                nodes = (await nodes.AliveAsync(cancellationToken)).Select(n => new { id = n.Id, host = n.Host, pid = n.Pid, startedAt = n.StartedAt, seenAt = n.SeenAt }),
                collectors = collectorLease is null ? null : new { holder = collectorLease.Holder, expiresAt = collectorLease.ExpiresAt },
            };
        }
#pragma warning disable CA1031
        catch (Exception e)
#pragma warning restore CA1031
        {
            healthy = false;
            databaseReport = new { status = "error", error = e.Message };
        }

        var report = new
        {
            status = healthy ? "ok" : "unhealthy",
            scheduler,
            database = databaseReport,
            collectors = ingest.Sources.Count == 0 ? (object)"none configured" : ingest.Sources,
            lastIngest,
            cluster,
            briefQueue = new { outstanding, capacity = queue.Capacity },
            deliveries = deliveryCounts,
        };
        return Results.Json(report, statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}
