using System.Data.Common;
using System.Globalization;
using Dapper;

namespace ReportForge.Reporting.Analysis.Market;

/// <summary>Market cap, open interest, funding and catalysts around a window.</summary>
public static class MarketAnalysis
{
    /// <summary>How far before the window a catalyst still counts as "just before".</summary>
    public static readonly TimeSpan CatalystLookBack = TimeSpan.FromDays(7);

    /// <summary>Total market cap on the window's first day and the day before, or null when neither is stored.</summary>
    public static async Task<MarketFacts?> MarketCapAsync(DbConnection connection, BriefWindow window, CancellationToken cancellationToken)
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

        return new MarketFacts(before, cap, before is > 0 && cap is not null ? (cap - before) / before * 100 : null)
        {
            CapChange = before is not null && cap is not null ? cap - before : null,
        };
    }

    /// <summary>Open interest at the window's start and end and a week before, and funding over the window, per asset and in sum.</summary>
    public static async Task<(IReadOnlyList<DerivativesFacts> PerAsset, LeverageFacts? Total)> DerivativesAsync(
        DbConnection connection, BriefWindow window, IReadOnlyList<string> assets, CancellationToken cancellationToken)
    {
        var start = window.Start.ToUnixTimeMilliseconds();
        var end = window.End.ToUnixTimeMilliseconds();
        var weekBefore = window.Start.AddDays(-7).ToUnixTimeMilliseconds();
        var facts = new List<DerivativesFacts>();
        var rows = new List<(string Asset, DerivativesRow Row)>();
        if (assets.Count == 0)
        {
            return ([], null);
        }

        // One statement for every asset: a UNION ALL of per-asset rows, so a brief pays one round trip.
        var parameters = new DynamicParameters(new { start, end, weekBefore });
        var selects = new List<string>();
        for (var i = 0; i < assets.Count; i++)
        {
            var n = i.ToString(CultureInfo.InvariantCulture);
            parameters.Add("a" + n, assets[i]);
            selects.Add(DerivativesSelect.Replace("@asset", "@a" + n, StringComparison.Ordinal).Replace("@index", n, StringComparison.Ordinal));
        }

        var byIndex = (await connection.QueryAsync<DerivativesRow>(new CommandDefinition(string.Join("\nUNION ALL\n", selects), parameters, cancellationToken: cancellationToken)))
            .ToDictionary(r => r.Index);
        for (var i = 0; i < assets.Count; i++)
        {
            var asset = assets[i];
            var row = byIndex[i];
            if (row.OiStart is null && row.OiEnd is null && row.FundingAverage is null)
            {
                continue;
            }

            rows.Add((asset, row));
            facts.Add(new DerivativesFacts(
                asset, row.OiStart, row.OiEnd,
                row is { OiStart: > 0, OiEnd: not null } ? (row.OiEnd - row.OiStart) / row.OiStart * 100 : null,
                row is { OiWeekBefore: > 0, OiStart: not null } ? (row.OiStart - row.OiWeekBefore) / row.OiWeekBefore * 100 : null,
                row.FundingAverage, row.FundingMax)
            {
                Name = AssetNames.Of(asset),
                FundingSign = Sign(row.FundingAverage),
            });
        }

        return (facts, Leverage(rows));
    }

    private const string DerivativesSelect =
        """
        SELECT @index AS "Index",
          (SELECT open_interest_usd FROM derivatives WHERE asset = @asset AND time <= @start AND time > @start - 86400000 AND open_interest_usd IS NOT NULL ORDER BY time DESC LIMIT 1) AS OiStart,
          (SELECT open_interest_usd FROM derivatives WHERE asset = @asset AND time < @end AND time >= @start AND open_interest_usd IS NOT NULL ORDER BY time DESC LIMIT 1) AS OiEnd,
          (SELECT open_interest_usd FROM derivatives WHERE asset = @asset AND time <= @weekBefore AND time > @weekBefore - 86400000 AND open_interest_usd IS NOT NULL ORDER BY time DESC LIMIT 1) AS OiWeekBefore,
          (SELECT AVG(funding_rate) FROM derivatives WHERE asset = @asset AND time >= @start AND time < @end) AS FundingAverage,
          (SELECT MAX(funding_rate) FROM derivatives WHERE asset = @asset AND time >= @weekBefore AND time < @end) AS FundingMax
        """;

    // Open interest is summed over the assets that have both ends of a change, so a missing asset never reads as a fall.
    private static LeverageFacts? Leverage(IReadOnlyList<(string Asset, DerivativesRow Row)> rows)
    {
        if (rows.Count == 0)
        {
            return null;
        }

        var window = rows.Where(r => r.Row is { OiStart: > 0, OiEnd: not null }).ToList();
        var week = rows.Where(r => r.Row is { OiStart: not null, OiWeekBefore: > 0 }).ToList();
        double? oiStart = window.Count > 0 ? window.Sum(r => r.Row.OiStart!.Value) : null;
        double? oiEnd = window.Count > 0 ? window.Sum(r => r.Row.OiEnd!.Value) : null;
        double? weekPct = week.Count > 0
            ? (week.Sum(r => r.Row.OiStart!.Value) - week.Sum(r => r.Row.OiWeekBefore!.Value)) / week.Sum(r => r.Row.OiWeekBefore!.Value) * 100
            : null;
        var funding = rows.Where(r => r.Row.FundingAverage is not null).Select(r => r.Row.FundingAverage!.Value).ToList();
        double? fundingAverage = funding.Count > 0 ? funding.Average() : null;
        double? fundingMax = rows.Any(r => r.Row.FundingMax is not null) ? rows.Max(r => r.Row.FundingMax ?? double.MinValue) : null;
        if (oiStart is null && weekPct is null && fundingAverage is null)
        {
            return null;
        }

        var fundingPct = fundingAverage * 100;
        return new LeverageFacts(
            oiStart, oiEnd, oiEnd - oiStart,
            oiStart is > 0 ? (oiEnd - oiStart) / oiStart * 100 : null,
            weekPct,
            fundingPct,
            fundingMax * 100,
            Sign(fundingAverage),
            fundingPct switch
            {
                null => null,
                >= AnalysisThresholds.HighFundingPct => "high",
                < 0 => "negative",
                _ => "normal",
            },
            [.. rows.Select(r => r.Asset)]);
    }

    private static string? Sign(double? funding) => funding switch
    {
        null => null,
        > 0.000005 => "positive",
        < -0.000005 => "negative",
        _ => "flat",
    };

    /// <summary>The equity indices' moves on the window's local date, from their daily candles (close against the previous close).</summary>
    /// <returns>The moves, and whether the date looks like an exchange holiday: a weekday without a bar between days that have one.</returns>
    public static async Task<(IReadOnlyList<EquityFacts> Moves, bool Holiday)> EquitiesAsync(
        DbConnection connection, BriefWindow window, IReadOnlyList<string> indices, CancellationToken cancellationToken)
    {
        var date = window.LocalDate;
        var day = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds();
        var moves = new List<EquityFacts>();
        var holiday = false;
        foreach (var index in indices)
        {
            var bars = (await connection.QueryAsync<IndexBar>(new CommandDefinition(
                """
                SELECT time AS Time, open AS Open, close AS Close FROM candles
                WHERE asset = @index AND interval = '1d' AND time > @from AND time <= @day
                ORDER BY time DESC LIMIT 2
                """, new { index, day, from = day - (6 * 86_400_000L) }, cancellationToken: cancellationToken))).ToList();
            if (bars.Count > 0 && bars[0].Time == day)
            {
                var reference = bars.Count > 1 ? bars[1].Close : bars[0].Open;
                moves.Add(new EquityFacts(index, AssetNames.Of(index), window.ToLocal(window.Start), bars[0].Close, (bars[0].Close - reference) / reference * 100));
            }
            else if (bars.Count > 0 && date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                holiday |= await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                    "SELECT COUNT(*) FROM candles WHERE asset = @index AND interval = '1d' AND time > @day AND time <= @day + 345600000",
                    new { index, day }, cancellationToken: cancellationToken)) > 0;
            }
        }

        return (moves, holiday && moves.Count == 0);
    }

    /// <summary>Catalysts dated in the window or in the week before it, oldest first.</summary>
    public static async Task<IReadOnlyList<CatalystFacts>> CatalystsAsync(DbConnection connection, BriefWindow window, CancellationToken cancellationToken)
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
        public long Index { get; init; }
        public double? OiStart { get; init; }
        public double? OiEnd { get; init; }
        public double? OiWeekBefore { get; init; }
        public double? FundingAverage { get; init; }
        public double? FundingMax { get; init; }
    }

    private sealed record IndexBar
    {
        public long Time { get; init; }
        public double Open { get; init; }
        public double Close { get; init; }
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
