using Dapper;
using Microsoft.Data.Sqlite;

namespace ReportForge.Reporting.Analysis.Prices;

/// <summary>Change, range, round levels crossed, "lowest since" and drawdowns of each asset over a window, from hourly candles.</summary>
public static class PriceAnalysis
{
    private const long DayMs = 86_400_000;

    /// <summary>How far back the "period peak" looks from the window's end.</summary>
    public static readonly TimeSpan PeriodPeakLookBack = TimeSpan.FromDays(30);

    /// <summary>Price facts of each asset that has hourly candles in the window, in the order given.</summary>
    public static async Task<IReadOnlyList<PriceFacts>> AnalyseAsync(
        SqliteConnection connection, BriefWindow window, IReadOnlyList<string> assets, CancellationToken cancellationToken)
    {
        var facts = new List<PriceFacts>();
        foreach (var asset in assets)
        {
            var price = await AnalyseAssetAsync(connection, window, asset, cancellationToken);
            if (price is not null)
            {
                facts.Add(price);
            }
        }

        return facts;
    }

    private static async Task<PriceFacts?> AnalyseAssetAsync(SqliteConnection connection, BriefWindow window, string asset, CancellationToken cancellationToken)
    {
        var start = window.Start.ToUnixTimeMilliseconds();
        var end = window.End.ToUnixTimeMilliseconds();
        var bars = (await connection.QueryAsync<Bar>(new CommandDefinition(
            """
            SELECT time AS Time, open AS Open, high AS High, low AS Low, close AS Close
            FROM candles WHERE asset = @asset AND interval = '1h' AND time >= @start AND time < @end
            ORDER BY time
            """, new { asset, start, end }, cancellationToken: cancellationToken))).ToList();
        if (bars.Count == 0)
        {
            return null;
        }

        var open = bars[0].Open;
        var close = bars[^1].Close;
        var lowBar = bars.MinBy(b => b.Low)!;
        var highBar = bars.MaxBy(b => b.High)!;

        var history = new History
        {
            LowerBefore = await LastLowerAsync(connection, asset, start, lowBar.Low, cancellationToken),
            FirstTime = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                "SELECT MIN(time) FROM candles WHERE asset = @asset", new { asset }, cancellationToken: cancellationToken)),
        };
        var periodPeak = await PeakAsync(connection, asset, end - (long)PeriodPeakLookBack.TotalMilliseconds, start, end, cancellationToken);
        var dataPeak = await PeakAsync(connection, asset, null, start, end, cancellationToken);

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

    // The last hour before the window that traded below the window's low. Daily bars find the day fast and the
    // hourly bars of that day the hour; a daily bar counts only when it ends before the window starts, so a daily
    // bar overlapping a non-UTC window never lends the window's own low to its past.
    private static async Task<long?> LastLowerAsync(SqliteConnection connection, string asset, long start, double low, CancellationToken cancellationToken)
    {
        var args = new { asset, start, low, recent = start - (2 * DayMs) };
        var recent = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            """
            SELECT time FROM candles WHERE asset = @asset AND interval = '1h' AND time < @start AND time >= @recent AND low < @low
            ORDER BY time DESC LIMIT 1
            """, args, cancellationToken: cancellationToken));
        if (recent is not null)
        {
            return recent;
        }

        var days = await connection.QuerySingleAsync<DayLookup>(new CommandDefinition(
            """
            SELECT (SELECT time FROM candles WHERE asset = @asset AND interval = '1d' AND time + 86400000 <= @start AND low < @low
                    ORDER BY time DESC LIMIT 1) AS Day,
                   (SELECT MIN(time) FROM candles WHERE asset = @asset AND interval = '1d') AS FirstDay
            """, args, cancellationToken: cancellationToken));
        if (days.Day is { } day)
        {
            return await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                """
                SELECT time FROM candles WHERE asset = @asset AND interval = '1h' AND time >= @day AND time < @dayEnd AND low < @low
                ORDER BY time DESC LIMIT 1
                """, new { asset, day, dayEnd = Math.Min(day + DayMs, start), low }, cancellationToken: cancellationToken)) ?? day + DayMs - 3_600_000;
        }

        // Hours before the first daily bar (or an asset with hourly bars only) are searched hour by hour.
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            """
            SELECT time FROM candles WHERE asset = @asset AND interval = '1h' AND time < MIN(@start, @firstDay) AND low < @low
            ORDER BY time DESC LIMIT 1
            """, new { asset, start, low, firstDay = days.FirstDay ?? long.MaxValue }, cancellationToken: cancellationToken));
    }

    // The highest high in [from, end): daily bars for whole UTC days (fewer rows to read), hourly bars for the
    // window and the day it ends in, or hourly bars throughout when the asset has no daily bars.
    private static async Task<Peak?> PeakAsync(SqliteConnection connection, string asset, long? from, long start, long end, CancellationToken cancellationToken)
    {
        var dayCut = end - (end % DayMs);
        return await connection.QueryFirstOrDefaultAsync<Peak>(new CommandDefinition(
            """
            SELECT High, Time FROM (
                SELECT high AS High, time AS Time FROM candles
                WHERE asset = @asset AND interval = '1d' AND time >= @from AND time < @dayCut
                UNION ALL
                SELECT high, time FROM candles
                WHERE asset = @asset AND interval = '1h' AND time < @end
                  AND time >= CASE WHEN EXISTS (SELECT 1 FROM candles WHERE asset = @asset AND interval = '1d') THEN MAX(@from, MIN(@start, @dayCut)) ELSE @from END
            ) ORDER BY High DESC, Time DESC LIMIT 1
            """, new { asset, from = from ?? long.MinValue, start, end, dayCut }, cancellationToken: cancellationToken));
    }

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

    private sealed record DayLookup
    {
        public long? Day { get; init; }
        public long? FirstDay { get; init; }
    }

    private sealed record Peak
    {
        public double High { get; init; }
        public long Time { get; init; }
    }
}
