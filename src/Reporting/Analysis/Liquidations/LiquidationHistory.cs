using System.Data.Common;
using Dapper;

namespace ReportForge.Reporting.Analysis.Liquidations;

/// <summary>Ranks a window's liquidation total against the daily totals of the same source stored before it.</summary>
/// <remarks>
/// Complete past days are summed once and kept until an import or ingest run changes the data, so a warm brief
/// does not re-read months of buckets. Days are cut at the window's UTC offset; in a daylight-saving zone the
/// days of the other season are cut an hour off, which moves a daily total by an hour's worth at most.
/// </remarks>
public sealed class LiquidationHistory
{
    private const long DayMs = 86_400_000;
    private readonly Dictionary<(string Source, long OffsetMs), CachedDays> _cache = [];
    private readonly Lock _lock = new();

    /// <summary>The rank of <paramref name="total"/> for <paramref name="window"/>, or null with under a week of history.</summary>
    public async Task<LiquidationRankFacts?> RankAsync(
        DbConnection connection, BriefWindow window, string source, double total, CancellationToken cancellationToken)
    {
        var offsetMs = (long)window.TimeZone.GetUtcOffset(window.Start).TotalMilliseconds;
        var windowDay = FloorDiv(window.Start.ToUnixTimeMilliseconds() + offsetMs, DayMs);
        var days = await DailyTotalsAsync(connection, source, offsetMs, windowDay, cancellationToken);
        if (days.Count < AnalysisThresholds.RankMinDays)
        {
            return null;
        }

        var larger = days.Where(d => d.Value > total).ToList();
        var since = larger.Count == 0 ? (KeyValuePair<long, double>?)null : larger.MaxBy(d => d.Key);
        var windowYear = window.ToLocal(window.Start).Year;
        var yearDays = days.Where(d => DayStart(d.Key, offsetMs, window).Year == windowYear).ToList();
        var recent = days.Where(d => d.Key >= windowDay - 30).Select(d => d.Value).Order().ToList();
        var median = recent.Count == 0 ? 0 : recent.Count % 2 == 1 ? recent[recent.Count / 2] : (recent[(recent.Count / 2) - 1] + recent[recent.Count / 2]) / 2;
        return new LiquidationRankFacts(
            Rank: larger.Count + 1,
            Days: days.Count + 1,
            HistoryStart: DayStart(days.Keys.Min(), offsetMs, window),
            IsLargest: larger.Count == 0,
            LargestSince: since is { } s ? DayStart(s.Key, offsetMs, window) : null,
            LargestSinceTotal: since?.Value,
            LargestSinceDays: since is { } d ? (int)(windowDay - d.Key) : null,
            YearRank: yearDays.Count(y => y.Value > total) + 1,
            YearDays: yearDays.Count + 1,
            Year: windowYear,
            MedianDailyTotal: median,
            MultipleOfMedian: median > 0 ? total / median : 0);
    }

    private async Task<SortedDictionary<long, double>> DailyTotalsAsync(
        DbConnection connection, string source, long offsetMs, long windowDay, CancellationToken cancellationToken)
    {
        var state = await connection.QuerySingleAsync<StateRow>(new CommandDefinition(
            """
            SELECT (SELECT COUNT(*) || ':' || COALESCE(MAX(id), 0) || ':' || COALESCE(MAX(finished_at), 0) FROM ingest_runs) AS Fingerprint,
                   (SELECT MAX(time) FROM liquidations WHERE source = @source) AS LastTime
            """, new { source }, cancellationToken: cancellationToken));

        if (state.LastTime is not { } last)
        {
            return [];
        }

        CachedDays? cached;
        lock (_lock)
        {
            _cache.TryGetValue((source, offsetMs), out cached);
        }

        if (cached is null || cached.Fingerprint != state.Fingerprint)
        {
            // Only days that ended before the newest stored bucket are complete; later ones are read fresh.
            var horizon = FloorDiv(last + offsetMs, DayMs);
            cached = new CachedDays(state.Fingerprint, horizon, await SumDaysAsync(connection, source, offsetMs, null, horizon, cancellationToken));
            lock (_lock)
            {
                _cache[(source, offsetMs)] = cached;
            }
        }

        var result = new SortedDictionary<long, double>();
        foreach (var (day, total) in cached.Days)
        {
            if (day < windowDay)
            {
                result[day] = total;
            }
        }

        if (cached.Horizon < windowDay)
        {
            foreach (var (day, total) in await SumDaysAsync(connection, source, offsetMs, cached.Horizon, windowDay, cancellationToken))
            {
                result[day] = total;
            }
        }

        return result;
    }

    // A source's total for a day is its 'all' rows when it has them, else the sum over its exchanges.
    private static async Task<Dictionary<long, double>> SumDaysAsync(
        DbConnection connection, string source, long offsetMs, long? fromDay, long toDay, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<DayRow>(new CommandDefinition(
            """
            SELECT (time + @offsetMs) / 86400000 AS Day,
                   SUM(CASE WHEN lower(exchange) = 'all' THEN usd END) AS AllTotal,
                   SUM(CASE WHEN lower(exchange) <> 'all' THEN usd END) AS ExchangeTotal
            FROM liquidations
            WHERE source = @source AND time >= @from AND time < @to
            GROUP BY Day
            """,
            new { source, offsetMs, from = fromDay is { } f ? (f * DayMs) - offsetMs : long.MinValue, to = (toDay * DayMs) - offsetMs },
            cancellationToken: cancellationToken));
        return rows.Select(r => (r.Day, Total: r.AllTotal ?? r.ExchangeTotal ?? 0)).Where(r => r.Total > 0)
            .ToDictionary(r => r.Day, r => r.Total);
    }

    private static DateTimeOffset DayStart(long day, long offsetMs, BriefWindow window) =>
        window.ToLocal(DateTimeOffset.FromUnixTimeMilliseconds((day * DayMs) - offsetMs));

    private static long FloorDiv(long a, long b) => (a / b) - ((a % b != 0 && (a < 0) != (b < 0)) ? 1 : 0);

    private sealed record CachedDays(string Fingerprint, long Horizon, Dictionary<long, double> Days);

    private sealed record StateRow
    {
        public string Fingerprint { get; init; } = "";
        public long? LastTime { get; init; }
    }

    private sealed record DayRow
    {
        public long Day { get; init; }
        public double? AllTotal { get; init; }
        public double? ExchangeTotal { get; init; }
    }
}
