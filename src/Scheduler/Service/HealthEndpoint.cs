using Dapper;
using Quartz;
using ReportForge.Data.Storage;
using ReportForge.Scheduler.Briefs;
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
        ISchedulerFactory schedulers, ReportForgeDatabase database, IIngestRunner ingest, BriefBacklog queue, DeliveryStore deliveries, CancellationToken cancellationToken)
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
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            var version = await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT COALESCE(MAX(version), 0) FROM schema_version", cancellationToken: cancellationToken));
            databaseReport = new { status = "ok", schemaVersion = version, path = database.FilePath };
            var runs = await connection.QueryAsync<LastRun>(new CommandDefinition(
                """
                SELECT r.source AS Source, r.kind AS Kind, r.started_at AS StartedAt, r.finished_at AS FinishedAt, r.outcome AS Outcome, r.error AS Error
                FROM ingest_runs r JOIN (SELECT source, MAX(id) AS id FROM ingest_runs GROUP BY source) latest ON latest.id = r.id
                ORDER BY r.source
                """, cancellationToken: cancellationToken));
            lastIngest = runs.ToDictionary(r => r.Source, r => (object)new
            {
                kind = r.Kind,
                outcome = r.Outcome,
                startedAt = DateTimeOffset.FromUnixTimeMilliseconds(r.StartedAt),
                finishedAt = r.FinishedAt is { } f ? DateTimeOffset.FromUnixTimeMilliseconds(f) : (DateTimeOffset?)null,
                error = r.Error,
            }, StringComparer.Ordinal);
            deliveryCounts = await deliveries.CountsAsync(cancellationToken);
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
            briefQueue = new { outstanding = queue.Outstanding, capacity = queue.Capacity },
            deliveries = deliveryCounts,
        };
        return Results.Json(report, statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    private sealed record LastRun
    {
        public string Source { get; init; } = "";
        public string Kind { get; init; } = "";
        public long StartedAt { get; init; }
        public long? FinishedAt { get; init; }
        public string Outcome { get; init; } = "";
        public string? Error { get; init; }
    }
}
