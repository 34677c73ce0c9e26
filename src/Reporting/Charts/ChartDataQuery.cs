using System.Data.Common;
using Dapper;
using ReportForge.Reporting.Analysis;

namespace ReportForge.Reporting.Charts;

/// <summary>Reads the hourly series the price chart draws: each charted asset over the window and the days before.</summary>
public static class ChartDataQuery
{
    /// <summary>The assets the price chart follows.</summary>
    public static readonly IReadOnlyList<string> ChartedAssets = ["BTC", "ETH"];

    /// <summary>Days of history drawn before the window, so the window's move reads against the days that led to it.</summary>
    public const int DefaultDaysBefore = 3;

    /// <summary>The chart series of <paramref name="window"/>, or null when no charted asset has an hourly bar in the window.</summary>
    public static Task<ChartFacts?> LoadAsync(DbConnection connection, BriefWindow window, CancellationToken cancellationToken) =>
        LoadAsync(connection, window, DefaultDaysBefore, cancellationToken);

    /// <summary>The chart series of <paramref name="window"/> with <paramref name="daysBefore"/> days of history.</summary>
    public static async Task<ChartFacts?> LoadAsync(DbConnection connection, BriefWindow window, int daysBefore, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(daysBefore);
        var from = window.Start.AddDays(-daysBefore);
        var series = new List<PriceSeriesFacts>();
        foreach (var asset in ChartedAssets)
        {
            var rows = (await connection.QueryAsync<BarRow>(new CommandDefinition(
                """
                SELECT time AS Time, low AS Low, high AS High, close AS Close
                FROM candles WHERE asset = @asset AND interval = '1h' AND time >= @from AND time < @to
                ORDER BY time
                """,
                new { asset, from = from.ToUnixTimeMilliseconds(), to = window.End.ToUnixTimeMilliseconds() },
                cancellationToken: cancellationToken))).ToList();
            var start = window.Start.ToUnixTimeMilliseconds();
            var inWindow = rows.Where(r => r.Time >= start).ToList();
            if (inWindow.Count == 0)
            {
                continue;
            }

            var low = inWindow.MinBy(r => r.Low)!;
            series.Add(new PriceSeriesFacts(
                asset, AssetNames.Of(asset), window.ToLocal(window.Start), window.ToLocal(window.End),
                low.Low, window.ToLocal(DateTimeOffset.FromUnixTimeMilliseconds(low.Time)),
                rows.Select(r => new PricePointFacts(window.ToLocal(DateTimeOffset.FromUnixTimeMilliseconds(r.Time)), r.Low, r.High, r.Close)).ToList()));
        }

        return series.Count == 0 ? null : new ChartFacts(window.ToLocal(from), window.ToLocal(window.End), daysBefore, series);
    }

    private sealed record BarRow
    {
        public long Time { get; init; }
        public double Low { get; init; }
        public double High { get; init; }
        public double Close { get; init; }
    }
}
