namespace ReportForge.SampleData;

/// <summary>Market-wide figures of one UTC day; the trader count only where an article gives one.</summary>
internal sealed record MarketDay(DateOnly Date, decimal TotalMarketCapUsd, long? TradersLiquidated);

/// <summary>Total crypto market cap from BTC's close, supply and dominance; published trader counts on their days.</summary>
internal static class MarketBuilder
{
    // Seed 000 "nearly 700,600"; seed 001 "over 320,000"; seed 003 "over 1.6 million" (10 Oct 2025) and "over 400,000" (6 Feb 2026).
    public static readonly IReadOnlyDictionary<DateOnly, long> TradersLiquidated = new Dictionary<DateOnly, long>
    {
        [new(2025, 1, 27)] = 321_500,
        [new(2025, 2, 3)] = 700_600,
        [new(2025, 10, 10)] = 1_623_400,
        [new(2026, 2, 6)] = 408_300,
    };

    // BTC's share of the whole market. The slide to about 50 % in February 2026 is what the published
    // $2.5 trillion implies at a $63,100 bitcoin (see README).
    private static readonly Piecewise Dominance = new(
        ("2024-11-15", 0.595), ("2024-12-08", 0.548), ("2024-12-31", 0.568), ("2025-01-20", 0.572), ("2025-01-27", 0.578),
        ("2025-02-03", 0.595), ("2025-02-15", 0.588),
        ("2025-08-01", 0.612), ("2025-08-24", 0.572), ("2025-10-06", 0.578), ("2025-11-15", 0.585), ("2026-01-15", 0.570),
        ("2026-01-31", 0.548), ("2026-02-06", 0.5045), ("2026-02-14", 0.510));

    private static readonly HashSet<DateOnly> PinnedDays = [new(2025, 10, 6), new(2026, 2, 6), new(2025, 2, 3)];

    /// <summary>Bitcoin in circulation: about 19.785 M on 15 Nov 2024, plus ~450 a day after the 2024 halving.</summary>
    public static double BtcSupply(DateOnly day) => 19_785_000 + (450.0 * (day.DayNumber - new DateOnly(2024, 11, 15).DayNumber));

    public static List<MarketDay> Build(CandleBook candles, int seed)
    {
        var rng = new Rng(seed);
        var days = new List<MarketDay>();
        foreach (var day in SampleCalendar.Periods.SelectMany(p => p.Days()))
        {
            var noise = PinnedDays.Contains(day) ? 1.0 : rng.LogNormal(0.004);
            var cap = (double)candles.Day("BTC", day).Close * BtcSupply(day) / Dominance[Iso.Midnight(day)] * noise;
            days.Add(new MarketDay(day, Num.Round(cap, 2), TradersLiquidated.TryGetValue(day, out var traders) ? traders : null));
        }

        return days;
    }
}
