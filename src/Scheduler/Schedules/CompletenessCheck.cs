using System.Globalization;
using Dapper;
using Microsoft.Extensions.Options;
using ReportForge.Data.Storage;
using ReportForge.Reporting.Analysis;
using ReportForge.Scheduler.Service;

namespace ReportForge.Scheduler.Schedules;

/// <summary>Before a scheduled brief: has every configured source stored data up to the window's end?</summary>
public sealed class CompletenessCheck(ReportForgeDatabase database, IOptions<ServiceOptions> options)
{
    private const string EdgeSql =
        """
        SELECT (SELECT MAX(time + CASE interval WHEN '1h' THEN 3600000 ELSE 86400000 END) FROM candles WHERE source = @source) AS Candles,
               (SELECT MAX(time + CASE interval WHEN '1h' THEN 3600000 ELSE 86400000 END) FROM liquidations WHERE source = @source) AS Liquidations
        """;

    /// <summary>What is missing, one line per source and table; empty when the window's data is in.</summary>
    public async Task<IReadOnlyList<string>> MissingAsync(BriefWindow window, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var end = window.End.ToUnixTimeMilliseconds();
        var sources = options.Value.Completeness.Sources.Count > 0
            ? options.Value.Completeness.Sources
            : (await connection.QueryAsync<string>(new CommandDefinition(
                """
                SELECT source FROM candles WHERE time >= @from AND time < @end
                UNION SELECT source FROM liquidations WHERE time >= @from AND time < @end
                """, new { from = end - 2 * 86_400_000L, end }, cancellationToken: cancellationToken))).ToList();
        if (sources.Count == 0)
        {
            return [$"no source stored candles or liquidations in the two days before {Format(window.End)}"];
        }

        var missing = new List<string>();
        foreach (var source in sources)
        {
            var edge = await connection.QuerySingleAsync<Edge>(new CommandDefinition(EdgeSql, new { source }, cancellationToken: cancellationToken));
            if (edge.Candles is null && edge.Liquidations is null)
            {
                missing.Add($"source '{source}' has stored nothing yet");
                continue;
            }

            if (edge.Candles is { } candles && candles < end)
            {
                missing.Add($"source '{source}' has candles up to {Format(DateTimeOffset.FromUnixTimeMilliseconds(candles))}");
            }

            if (edge.Liquidations is { } liquidations && liquidations < end)
            {
                missing.Add($"source '{source}' has liquidations up to {Format(DateTimeOffset.FromUnixTimeMilliseconds(liquidations))}");
            }
        }

        return missing;
    }

    private static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private sealed record Edge
    {
        public long? Candles { get; init; }
        public long? Liquidations { get; init; }
    }
}

/// <summary>The window's data is not all in yet; the run is retried with back-off, then fails loudly.</summary>
public sealed class IncompleteDataException(BriefWindow window, IReadOnlyList<string> missing)
    : Exception($"The data for {window.Start:yyyy-MM-dd HH:mm}–{window.End:yyyy-MM-dd HH:mm} UTC is not complete: {string.Join("; ", missing)}. " +
                "The brief waits and retries; ingest the missing data, or check the collectors in /health.");
