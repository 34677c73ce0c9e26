using System.Globalization;
using Dapper;
using ReportForge.Data.Storage;

namespace ReportForge.Scheduler.Dashboard.Data;

/// <summary>What one source stored in one table on one UTC day.</summary>
public sealed record CoverageCell
{
    public string Source { get; init; } = "";
    public string Day { get; init; } = "";

    /// <summary>candles, liquidations, orders, derivatives or market.</summary>
    public string Kind { get; init; } = "";

    /// <summary>Distinct hours with a row (hourly tables) or rows (the others).</summary>
    public long Count { get; init; }
    public long Assets { get; init; }
}

/// <summary>Coverage of the stored market data per source and UTC day: what is there and what is missing.</summary>
public sealed class DataCoverage(ReportForgeDatabase database)
{
    /// <summary>Hourly tables are complete for a day with this many hours.</summary>
    public const int HoursPerDay = 24;

    private const string CoverageSql =
        """
        SELECT source AS Source, date(time / 1000, 'unixepoch') AS Day, 'candles' AS Kind, COUNT(DISTINCT time) AS Count, COUNT(DISTINCT asset) AS Assets
        FROM candles WHERE interval = '1h' AND time >= @from AND time < @to GROUP BY source, Day
        UNION ALL
        SELECT source, date(time / 1000, 'unixepoch'), 'liquidations', COUNT(DISTINCT time), COUNT(DISTINCT asset)
        FROM liquidations WHERE interval = '1h' AND time >= @from AND time < @to GROUP BY source, 2
        UNION ALL
        SELECT source, date(time / 1000, 'unixepoch'), 'orders', COUNT(*), COUNT(DISTINCT asset)
        FROM liquidation_orders WHERE time >= @from AND time < @to GROUP BY source, 2
        UNION ALL
        SELECT source, date(time / 1000, 'unixepoch'), 'derivatives', COUNT(*), COUNT(DISTINCT asset)
        FROM derivatives WHERE time >= @from AND time < @to GROUP BY source, 2
        UNION ALL
        SELECT source, date, 'market', COUNT(*), 0
        FROM market_days WHERE date >= @fromDay AND date < @toDay GROUP BY source, date
        """;

    // PostgreSQL has no date(…, 'unixepoch'): the UTC day of a Unix-millisecond time is spelt with to_timestamp.
    private const string PostgresCoverageSql =
        """
        SELECT source AS Source, to_char(to_timestamp(time / 1000) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS Day, 'candles' AS Kind, COUNT(DISTINCT time) AS Count, COUNT(DISTINCT asset) AS Assets
        FROM candles WHERE interval = '1h' AND time >= @from AND time < @to GROUP BY source, Day
        UNION ALL
        SELECT source, to_char(to_timestamp(time / 1000) AT TIME ZONE 'UTC', 'YYYY-MM-DD'), 'liquidations', COUNT(DISTINCT time), COUNT(DISTINCT asset)
        FROM liquidations WHERE interval = '1h' AND time >= @from AND time < @to GROUP BY source, 2
        UNION ALL
        SELECT source, to_char(to_timestamp(time / 1000) AT TIME ZONE 'UTC', 'YYYY-MM-DD'), 'orders', COUNT(*), COUNT(DISTINCT asset)
        FROM liquidation_orders WHERE time >= @from AND time < @to GROUP BY source, 2
        UNION ALL
        SELECT source, to_char(to_timestamp(time / 1000) AT TIME ZONE 'UTC', 'YYYY-MM-DD'), 'derivatives', COUNT(*), COUNT(DISTINCT asset)
        FROM derivatives WHERE time >= @from AND time < @to GROUP BY source, 2
        UNION ALL
        SELECT source, date, 'market', COUNT(*), 0
        FROM market_days WHERE date >= @fromDay AND date < @toDay GROUP BY source, date
        """;

    /// <summary>Every (source, table, day) with data in [from, to).</summary>
    public async Task<IReadOnlyList<CoverageCell>> CellsAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var range = new
        {
            from = Millis(from), to = Millis(to),
            fromDay = from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), toDay = to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
        return (await connection.QueryAsync<CoverageCell>(new CommandDefinition(database.Provider == StorageProvider.Sqlite ? CoverageSql : PostgresCoverageSql, range, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>The last UTC day with liquidations or hourly candles stored, or null when nothing is.</summary>
    public async Task<DateOnly?> LatestStoredDayAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var latest = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT MAX(t) FROM (SELECT MAX(time) AS t FROM liquidations UNION ALL SELECT MAX(time) FROM candles WHERE interval = '1h') AS latest",
            cancellationToken: cancellationToken));
        return latest is { } ms ? DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime) : null;
    }

    /// <summary>Spans when a liquidation collector was not connected, newest first (empty when this build keeps none).</summary>
    public async Task<IReadOnlyList<CollectorGap>> RecentGapsAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var hasTable = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            database.Provider == StorageProvider.Sqlite
                ? "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'collector_gaps'"
                : "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'collector_gaps'",
            cancellationToken: cancellationToken)) == 1;
        if (!hasTable)
        {
            return [];
        }

        return (await connection.QueryAsync<CollectorGap>(new CommandDefinition(
            "SELECT collector AS Collector, gap_start AS GapStart, gap_end AS GapEnd, reason AS Reason FROM collector_gaps ORDER BY gap_end DESC LIMIT @limit",
            new { limit }, cancellationToken: cancellationToken))).ToList();
    }

    private static long Millis(DateOnly day) => new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds();
}

/// <summary>A span in which a collector missed orders.</summary>
public sealed record CollectorGap
{
    public string Collector { get; init; } = "";
    public long GapStart { get; init; }
    public long GapEnd { get; init; }
    public string Reason { get; init; } = "";
}
