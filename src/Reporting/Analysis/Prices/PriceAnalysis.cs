using Dapper;
using Microsoft.Data.Sqlite;

namespace ReportForge.Reporting.Analysis.Prices;

/// <summary>Change, range, round level broken and "lowest since" of each asset over a window, from hourly candles.</summary>
public static class PriceAnalysis
{
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

        // The last time before the window that the price stood lower, from any stored bar.
        var history = await connection.QuerySingleAsync<History>(new CommandDefinition(
            """
            SELECT (SELECT MAX(time) FROM candles WHERE asset = @asset AND time < @start AND low < @low) AS LowerBefore,
                   (SELECT MIN(time) FROM candles WHERE asset = @asset) AS FirstTime
            """, new { asset, start, low = lowBar.Low }, cancellationToken: cancellationToken));

        DateTimeOffset? lowestSince = history.LowerBefore is { } t ? window.ToLocal(DateTimeOffset.FromUnixTimeMilliseconds(t)) : null;
        var lowTime = window.ToLocal(DateTimeOffset.FromUnixTimeMilliseconds(lowBar.Time));
        int? days = lowestSince is { } since ? (int)Math.Floor((lowTime - since).TotalDays) : null;

        return new PriceFacts(
            asset, AssetNames.Of(asset), open, close, (close - open) / open * 100,
            lowBar.Low, lowTime, highBar.High, window.ToLocal(DateTimeOffset.FromUnixTimeMilliseconds(highBar.Time)),
            (highBar.High - lowBar.Low) / highBar.High * 100,
            RoundLevelBroken(open, lowBar.Low), lowestSince, days,
            window.ToLocal(DateTimeOffset.FromUnixTimeMilliseconds(history.FirstTime ?? lowBar.Time)));
    }

    /// <summary>The round level the price fell through: the highest multiple of a step one digit below the price's magnitude between the low and the open.</summary>
    /// <remarks>$97,500 → $91,231 broke $92,000; $3,330 → $3,050 broke $3,100; null when no such level lies between.</remarks>
    public static double? RoundLevelBroken(double open, double low)
    {
        if (low <= 0 || open <= low)
        {
            return null;
        }

        var step = Math.Pow(10, Math.Floor(Math.Log10(open)) - 1);
        var level = Math.Floor(low / step) * step + step;
        level = Math.Round(level, 10);
        return level <= open ? level : null;
    }

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
}
