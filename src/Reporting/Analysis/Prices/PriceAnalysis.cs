using System.Data.Common;
using Dapper;
using ReportForge.Data.Storage;

namespace ReportForge.Reporting.Analysis.Prices;

/// <summary>Change, range, round levels crossed, "lowest since" and drawdowns of each asset over a window, from hourly candles.</summary>
public static class PriceAnalysis
{
    private const long DayMs = 86_400_000;

    /// <summary>How far back the "period peak" looks from the window's end.</summary>
    public static readonly TimeSpan PeriodPeakLookBack = TimeSpan.FromDays(30);

    /// <summary>Price facts of each asset that has hourly candles in the window, in the order given.</summary>
    /// <remarks>Two statements serve every asset (the window's bars, then each asset's history in one UNION ALL); a brief is
    /// analysed on every render request, so round trips count.</remarks>
    public static async Task<IReadOnlyList<PriceFacts>> AnalyseAsync(
        DbConnection connection, BriefWindow window, IReadOnlyList<string> assets, CancellationToken cancellationToken)
    {
        var start = window.Start.ToUnixTimeMilliseconds();
        var end = window.End.ToUnixTimeMilliseconds();
        var bars = (await connection.QueryAsync<Bar>(new CommandDefinition(SqlDialect.For(connection,
                """
                SELECT asset AS Asset, time AS Time, open AS Open, high AS High, low AS Low, close AS Close
                FROM candles WHERE asset IN @assets AND interval = '1h' AND time >= @start AND time < @end
                ORDER BY asset, time
                """), new { assets = assets.ToArray(), start, end }, cancellationToken: cancellationToken)))
            .GroupBy(b => b.Asset, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var present = assets.Where(bars.ContainsKey).ToList();
        if (present.Count == 0)
        {
            return [];
        }

        var dayCut = end - (end % DayMs);
        var parameters = new DynamicParameters(new { start, recent = start - (2 * DayMs), periodFrom = end - (long)PeriodPeakLookBack.TotalMilliseconds, dayCut });
        var selects = new List<string>();
        for (var i = 0; i < present.Count; i++)
        {
            parameters.Add("a" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), present[i]);
            parameters.Add("low" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), bars[present[i]].Min(b => b.Low));
            selects.Add(ContextSelect.Replace("@asset", "@a" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("@low", "@low" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("@index", i.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        }

        var contexts = (await connection.QueryAsync<Context>(new CommandDefinition(string.Join("\nUNION ALL\n", selects), parameters, cancellationToken: cancellationToken)))
            .ToDictionary(c => c.Index);
        var facts = new List<PriceFacts>(present.Count);
        for (var i = 0; i < present.Count; i++)
        {
            facts.Add(await AnalyseAssetAsync(connection, window, present[i], bars[present[i]], contexts[i], cancellationToken));
        }

        return facts;
    }

    // One asset's history around the window, as one row; the caller fills in @asset, @low and @index per asset.
    private const string ContextSelect =
        """
        SELECT @index AS "Index",
          (SELECT time FROM candles WHERE asset = @asset AND interval = '1h' AND time < @start AND time >= @recent AND low < @low
           ORDER BY time DESC LIMIT 1) AS RecentLower,
          (SELECT time FROM candles WHERE asset = @asset AND interval = '1d' AND time <= @start - 86400000 AND low < @low
           ORDER BY time DESC LIMIT 1) AS DayLower,
          (SELECT MIN(time) FROM candles WHERE asset = @asset AND interval = '1d') AS FirstDay,
          (SELECT MIN(time) FROM candles WHERE asset = @asset AND interval = '1h') AS FirstHour,
          (SELECT high FROM candles WHERE asset = @asset AND interval = '1d' AND time >= @periodFrom AND time < @dayCut ORDER BY high DESC, time DESC LIMIT 1) AS PeriodDayHigh,
          (SELECT time FROM candles WHERE asset = @asset AND interval = '1d' AND time >= @periodFrom AND time < @dayCut ORDER BY high DESC, time DESC LIMIT 1) AS PeriodDayTime,
          (SELECT high FROM candles WHERE asset = @asset AND interval = '1d' AND time < @dayCut ORDER BY high DESC, time DESC LIMIT 1) AS DataDayHigh,
          (SELECT time FROM candles WHERE asset = @asset AND interval = '1d' AND time < @dayCut ORDER BY high DESC, time DESC LIMIT 1) AS DataDayTime
        """;

    private static async Task<PriceFacts> AnalyseAssetAsync(
        DbConnection connection, BriefWindow window, string asset, List<Bar> bars, Context context, CancellationToken cancellationToken)
    {
        var start = window.Start.ToUnixTimeMilliseconds();
        var end = window.End.ToUnixTimeMilliseconds();
        var open = bars[0].Open;
        var close = bars[^1].Close;
        var lowBar = bars.MinBy(b => b.Low)!;
        var highBar = bars.MaxBy(b => b.High)!;

        var history = new History
        {
            LowerBefore = context.RecentLower ?? await LastLowerAsync(connection, asset, start, lowBar.Low, context, cancellationToken),
            FirstTime = context.FirstDay is { } firstDay && context.FirstHour is { } firstHour ? Math.Min(firstDay, firstHour) : context.FirstDay ?? context.FirstHour,
        };
        var periodPeak = context.FirstDay is null
            ? await HourlyPeakAsync(connection, asset, end - (long)PeriodPeakLookBack.TotalMilliseconds, end, cancellationToken)
            : Highest(context.PeriodDayHigh, context.PeriodDayTime, bars);
        var dataPeak = context.FirstDay is null
            ? await HourlyPeakAsync(connection, asset, null, end, cancellationToken)
            : Highest(context.DataDayHigh, context.DataDayTime, bars);
        DateTimeOffset? lowestSince = history.LowerBefore is { } t ? window.ToLocal(DateTimeOffset.FromUnixTimeMilliseconds(t)) : null;
        var lowTime = window.ToLocal(DateTimeOffset.FromUnixTimeMilliseconds(lowBar.Time));
        int? days = lowestSince is { } since ? (int)Math.Floor((lowTime - since).TotalDays) : null;
        var historyStart = window.ToLocal(DateTimeOffset.FromUnixTimeMilliseconds(history.FirstTime ?? lowBar.Time));

        return new PriceFacts(
            asset, AssetNames.Of(asset), open, close, (close - open) / open * 100,
            lowBar.Low, lowTime, highBar.High, window.ToLocal(DateTimeOffset.FromUnixTimeMilliseconds(highBar.Time)),
            (highBar.High - lowBar.Low) / highBar.High * 100,
            RoundLevelBroken(open, lowBar.Low), lowestSince, days, historyStart)
        {
            LowestSinceWeeks = days is >= 7 ? days / 7 : null,
            LowestInHistory = lowestSince is null && (window.Start - historyStart).TotalDays >= AnalysisThresholds.LowestInHistoryMinDays,
            LevelReclaimed = RoundLevelReclaimed(open, highBar.High),
            PeriodPeak = periodPeak?.High,
            PeriodPeakTime = periodPeak is null ? null : window.ToLocal(DateTimeOffset.FromUnixTimeMilliseconds(periodPeak.Time)),
            DrawdownFromPeriodPeakPct = periodPeak is { High: > 0 } p ? (close - p.High) / p.High * 100 : null,
            DataPeak = dataPeak?.High,
            DataPeakTime = dataPeak is null ? null : window.ToLocal(DateTimeOffset.FromUnixTimeMilliseconds(dataPeak.Time)),
            DrawdownFromDataPeakPct = dataPeak is { High: > 0 } d ? (close - d.High) / d.High * 100 : null,
            ReboundFromLowPct = (close - lowBar.Low) / lowBar.Low * 100,
        };
    }

    // The last hour before the window that traded below the window's low, past the two days the context query
    // already searched: daily bars find the day fast and that day's hourly bars the hour. A daily bar counts only
    // when it ends before the window starts, so one overlapping a non-UTC window never lends the window's own low to its past.
    private static async Task<long?> LastLowerAsync(DbConnection connection, string asset, long start, double low, Context context, CancellationToken cancellationToken)
    {
        if (context.DayLower is { } day)
        {
            return await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                """
                SELECT time FROM candles WHERE asset = @asset AND interval = '1h' AND time >= @day AND time < @dayEnd AND low < @low
                ORDER BY time DESC LIMIT 1
                """, new { asset, day, dayEnd = Math.Min(day + DayMs, start), low }, cancellationToken: cancellationToken)) ?? day + DayMs - 3_600_000;
        }

        // Hours before the first daily bar (or an asset with hourly bars only) are searched hour by hour.
        if (context.FirstHour is not { } firstHour || firstHour >= (context.FirstDay ?? long.MaxValue))
        {
            return null;
        }

        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            """
            SELECT time FROM candles WHERE asset = @asset AND interval = '1h' AND time < CASE WHEN @start < @firstDay THEN @start ELSE @firstDay END AND low < @low
            ORDER BY time DESC LIMIT 1
            """, new { asset, start, low, firstDay = context.FirstDay ?? long.MaxValue }, cancellationToken: cancellationToken));
    }

    // Daily bars cover the whole UTC days before the one the window ends in; the hours after that midnight all
    // lie inside a 24-hour window, so the window's own hourly bars complete the span.
    private static Peak? Highest(double? dayHigh, long? dayTime, List<Bar> window)
    {
        var best = dayHigh is { } h && dayTime is { } t ? new Peak { High = h, Time = t } : null;
        foreach (var bar in window)
        {
            if (best is null || bar.High >= best.High)
            {
                best = new Peak { High = bar.High, Time = bar.Time };
            }
        }

        return best;
    }

    private static async Task<Peak?> HourlyPeakAsync(DbConnection connection, string asset, long? from, long end, CancellationToken cancellationToken) =>
        await connection.QueryFirstOrDefaultAsync<Peak>(new CommandDefinition(
            "SELECT high AS High, time AS Time FROM candles WHERE asset = @asset AND interval = '1h' AND time >= @from AND time < @end ORDER BY high DESC, time DESC LIMIT 1",
            new { asset, from = from ?? long.MinValue, end }, cancellationToken: cancellationToken));

    /// <summary>The round level the price fell through: the highest multiple of a step one digit below the price's magnitude between the low and the open.</summary>
    /// <remarks>$97,500 → $91,231 broke $92,000; $3,330 → $3,050 broke $3,100; null when no such level lies between.</remarks>
    public static double? RoundLevelBroken(double open, double low)
    {
        if (low <= 0 || open <= low)
        {
            return null;
        }

        var step = Step(open);
        var level = Math.Round((Math.Floor(low / step) * step) + step, 10);
        return level <= open ? level : null;
    }

    /// <summary>The round level the price rose through: the lowest multiple of the step above the open that the high reached.</summary>
    /// <remarks>$97,500 → high $100,400 crossed $100,000; null when the high stayed under the next level.</remarks>
    public static double? RoundLevelReclaimed(double open, double high)
    {
        if (open <= 0 || high <= open)
        {
            return null;
        }

        var step = Step(open);
        var level = Math.Round(Math.Floor(high / step) * step, 10);
        return level > open ? level : null;
    }

    private static double Step(double price) => Math.Pow(10, Math.Floor(Math.Log10(price)) - 1);

    private sealed record Bar
    {
        public string Asset { get; init; } = "";
        public long Time { get; init; }
        public double Open { get; init; }
        public double High { get; init; }
        public double Low { get; init; }
        public double Close { get; init; }
    }

    private sealed record History
    {
        public long? LowerBefore { get; init; }
        public long? FirstTime { get; init; }
    }

    private sealed record Context
    {
        public long Index { get; init; }
        public long? RecentLower { get; init; }
        public long? DayLower { get; init; }
        public long? FirstDay { get; init; }
        public long? FirstHour { get; init; }
        public double? PeriodDayHigh { get; init; }
        public long? PeriodDayTime { get; init; }
        public double? DataDayHigh { get; init; }
        public long? DataDayTime { get; init; }
    }

    private sealed record Peak
    {
        public double High { get; init; }
        public long Time { get; init; }
    }
}
