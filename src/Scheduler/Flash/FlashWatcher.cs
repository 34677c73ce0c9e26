using System.Data.Common;
using Dapper;
using Microsoft.Extensions.Options;
using ReportForge.Data.Storage;
using ReportForge.Reporting.Analysis;
using ReportForge.Scheduler.Briefs;
using ReportForge.Scheduler.Service;

namespace ReportForge.Scheduler.Flash;

/// <summary>After each ingest: fires a flash brief when the trailing 24 h liquidation total crosses the threshold — once per crossing, with a cool-down.</summary>
public sealed class FlashWatcher(ReportForgeDatabase database, BriefBacklog queue, IOptions<ServiceOptions> options, TimeProvider clock, ILogger<FlashWatcher> logger) : IDisposable
{
    /// <summary>The rule's name in flash_state, and the schedule id flash briefs are delivered under.</summary>
    public const string Rule = "flash";

    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Looks at the data's latest 24 h; returns the id of the flash brief queued, or null.</summary>
    public async Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value.Flash;
        if (!settings.Enabled)
        {
            return null;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            var edgeMs = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                "SELECT MAX(time + CASE interval WHEN '1h' THEN 3600000 ELSE 86400000 END) FROM liquidations", cancellationToken: cancellationToken));
            var now = clock.GetUtcNow();
            if (edgeMs is null || now - DateTimeOffset.FromUnixTimeMilliseconds(edgeMs.Value) > settings.MaxDataAge)
            {
                return null;
            }

            var edge = DateTimeOffset.FromUnixTimeMilliseconds(edgeMs.Value);
            var total = await TrailingTotalAsync(connection, edge, cancellationToken);
            var observed = new { Rule, total, edge = edgeMs, now = now.ToUnixTimeMilliseconds() };
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO flash_state (rule, above, last_total, last_edge, last_checked_at) VALUES (@Rule, 0, @total, @edge, @now)
                ON CONFLICT (rule) DO UPDATE SET last_total = excluded.last_total, last_edge = excluded.last_edge, last_checked_at = excluded.last_checked_at
                """, observed, cancellationToken: cancellationToken));

            string? jobId = null;
            // The crossing is claimed in one statement: when nodes of a cluster check at once, one of them fires.
            if (total >= settings.ThresholdUsd
                && await connection.QuerySingleOrDefaultAsync<FlashState>(new CommandDefinition(
                    "UPDATE flash_state SET above = 1 WHERE rule = @Rule AND above = 0 RETURNING above AS Above, last_fired_at AS LastFiredAt",
                    observed, cancellationToken: cancellationToken)) is { } state)
            {
                var coolingDown = state.LastFiredAt is { } last && now - DateTimeOffset.FromUnixTimeMilliseconds(last) < settings.Cooldown;
                if (coolingDown)
                {
                    logger.LogInformation("Trailing 24 h liquidations {Total:N0} USD crossed {Threshold:N0} USD within the cool-down; no flash brief", total, settings.ThresholdUsd);
                }
                else
                {
                    var window = BriefWindow.Trailing24Hours(edge, TimeZoneInfo.FindSystemTimeZoneById(settings.TimeZone));
                    jobId = Guid.CreateVersion7(now).ToString("N");
                    await queue.TryEnqueueAsync(new BriefJob
                    {
                        Id = jobId,
                        Kind = BriefJob.Flash,
                        WindowStart = window.Start.ToUnixTimeMilliseconds(),
                        WindowEnd = window.End.ToUnixTimeMilliseconds(),
                        TimeZone = window.TimeZone.Id,
                        TemplateSet = settings.TemplateSet,
                        ScheduleId = Rule,
                        CreatedAt = now.ToUnixTimeMilliseconds(),
                    }, force: true, cancellationToken);
                    await connection.ExecuteAsync(new CommandDefinition(
                        "UPDATE flash_state SET last_fired_at = @now, last_job_id = @jobId WHERE rule = @Rule",
                        new { Rule, now = now.ToUnixTimeMilliseconds(), jobId }, cancellationToken: cancellationToken));
                    logger.LogInformation("Flash brief {Job}: trailing 24 h liquidations {Total:N0} USD crossed {Threshold:N0} USD", jobId, total, settings.ThresholdUsd);
                }
            }
            else if (total < settings.ThresholdUsd * settings.RearmFraction)
            {
                await connection.ExecuteAsync(new CommandDefinition("UPDATE flash_state SET above = 0 WHERE rule = @Rule", observed, cancellationToken: cancellationToken));
            }

            return jobId;

        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    // The same choice of source as a brief: a market-wide aggregate before a tracked lower bound, never both added;
    // an exchange 'all' row is the source's own total, per-exchange rows only when there is none.
    private static Task<double> TrailingTotalAsync(DbConnection connection, DateTimeOffset edge, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<double>(new CommandDefinition(
            """
            WITH recent AS (SELECT * FROM liquidations WHERE time >= @start AND time < @end),
                 per_source AS (
                     SELECT source, MAX(tracked) AS tracked,
                            CASE WHEN SUM(CASE WHEN exchange = 'all' THEN 1 ELSE 0 END) > 0 THEN SUM(CASE WHEN exchange = 'all' THEN usd ELSE 0 END)
                                 ELSE SUM(usd) END AS total
                     FROM recent GROUP BY source)
            SELECT COALESCE((SELECT total FROM per_source ORDER BY tracked ASC, total DESC LIMIT 1), 0)
            """,
            new { start = edge.AddHours(-24).ToUnixTimeMilliseconds(), end = edge.ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken));

    private sealed record FlashState
    {
        public bool Above { get; init; }
        public long? LastFiredAt { get; init; }
    }
}
