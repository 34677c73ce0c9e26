using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;

namespace ReportForge.Reporting.Analysis.Market;

/// <summary>Market cap, open interest, funding and catalysts around a window.</summary>
public static class MarketAnalysis
{
    /// <summary>How far before the window a catalyst still counts as "just before".</summary>
    public static readonly TimeSpan CatalystLookBack = TimeSpan.FromDays(7);

    /// <summary>Total market cap on the window's first day and the day before, or null when neither is stored.</summary>
    public static async Task<MarketFacts?> MarketCapAsync(SqliteConnection connection, BriefWindow window, CancellationToken cancellationToken)
    {
        var day = window.Start.UtcDateTime.Date;
        var rows = (await connection.QueryAsync<CapRow>(new CommandDefinition(
            "SELECT date AS Date, total_market_cap_usd AS Cap FROM market_days WHERE date IN (@before, @day) AND total_market_cap_usd IS NOT NULL",
            new { before = day.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), day = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) },
            cancellationToken: cancellationToken))).ToDictionary(r => r.Date, r => r.Cap, StringComparer.Ordinal);
        rows.TryGetValue(day.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), out var before);
        rows.TryGetValue(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), out var cap);
        if (before is null && cap is null)
        {
            return null;
        }

        return new MarketFacts(before, cap, before is > 0 && cap is not null ? (cap - before) / before * 100 : null);
    }

    /// <summary>Open interest at the window's start and end and a week before, and funding over the window, per asset.</summary>
    public static async Task<IReadOnlyList<DerivativesFacts>> DerivativesAsync(
        SqliteConnection connection, BriefWindow window, IReadOnlyList<string> assets, CancellationToken cancellationToken)
    {
        var start = window.Start.ToUnixTimeMilliseconds();
        var end = window.End.ToUnixTimeMilliseconds();
        var weekBefore = window.Start.AddDays(-7).ToUnixTimeMilliseconds();
        var facts = new List<DerivativesFacts>();
        foreach (var asset in assets)
        {
            var row = await connection.QuerySingleAsync<DerivativesRow>(new CommandDefinition(
                """
                SELECT
                  (SELECT open_interest_usd FROM derivatives WHERE asset = @asset AND time <= @start AND open_interest_usd IS NOT NULL ORDER BY time DESC LIMIT 1) AS OiStart,
                  (SELECT open_interest_usd FROM derivatives WHERE asset = @asset AND time < @end AND time >= @start AND open_interest_usd IS NOT NULL ORDER BY time DESC LIMIT 1) AS OiEnd,
                  (SELECT open_interest_usd FROM derivatives WHERE asset = @asset AND time <= @weekBefore AND time > @weekBefore - 86400000 AND open_interest_usd IS NOT NULL ORDER BY time DESC LIMIT 1) AS OiWeekBefore,
                  (SELECT AVG(funding_rate) FROM derivatives WHERE asset = @asset AND time >= @start AND time < @end) AS FundingAverage,
                  (SELECT MAX(funding_rate) FROM derivatives WHERE asset = @asset AND time >= @weekBefore AND time < @end) AS FundingMax
                """, new { asset, start, end, weekBefore }, cancellationToken: cancellationToken));
            if (row.OiStart is null && row.OiEnd is null && row.FundingAverage is null)
            {
                continue;
            }

            facts.Add(new DerivativesFacts(
                asset, row.OiStart, row.OiEnd,
                row is { OiStart: > 0, OiEnd: not null } ? (row.OiEnd - row.OiStart) / row.OiStart * 100 : null,
                row is { OiWeekBefore: > 0, OiStart: not null } ? (row.OiStart - row.OiWeekBefore) / row.OiWeekBefore * 100 : null,
                row.FundingAverage, row.FundingMax));
        }

        return facts;
    }

    /// <summary>Catalysts dated in the window or in the week before it, oldest first.</summary>
    public static async Task<IReadOnlyList<CatalystFacts>> CatalystsAsync(SqliteConnection connection, BriefWindow window, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<CatalystRow>(new CommandDefinition(
            """
            SELECT time AS Time, title AS Title, category AS Category, summary AS Summary, url AS Url
            FROM catalysts WHERE time >= @from AND time < @end ORDER BY time, title
            """,
            new { from = (window.Start - CatalystLookBack).ToUnixTimeMilliseconds(), end = window.End.ToUnixTimeMilliseconds() },
            cancellationToken: cancellationToken));
        return rows.Select(r =>
        {
            var time = DateTimeOffset.FromUnixTimeMilliseconds(r.Time);
            return new CatalystFacts(window.ToLocal(time), r.Title, r.Category, r.Summary, r.Url, time >= window.Start);
        }).ToList();
    }

    private sealed record CapRow
    {
        public string Date { get; init; } = "";
        public double? Cap { get; init; }
    }

    private sealed record DerivativesRow
    {
        public double? OiStart { get; init; }
        public double? OiEnd { get; init; }
        public double? OiWeekBefore { get; init; }
        public double? FundingAverage { get; init; }
        public double? FundingMax { get; init; }
    }

    private sealed record CatalystRow
    {
        public long Time { get; init; }
        public string Title { get; init; } = "";
        public string Category { get; init; } = "";
        public string Summary { get; init; } = "";
        public string Url { get; init; } = "";
    }
}
