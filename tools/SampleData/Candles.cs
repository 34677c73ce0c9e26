namespace ReportForge.SampleData;

/// <summary>One OHLCV bar; Time is the open time.</summary>
internal sealed record Candle(string Asset, string Interval, DateTime Time, decimal Open, decimal High, decimal Low, decimal Close, decimal VolumeUsd)
{
    public double ChangeFraction => (double)((Close - Open) / Open);

    public double RangeFraction => (double)((High - Low) / High);
}

/// <summary>Daily bars made from hourly ones, so the two intervals can never disagree.</summary>
internal static class DailyBars
{
    public static IEnumerable<Candle> FromHourly(IEnumerable<Candle> hourly) =>
        hourly.GroupBy(c => (c.Asset, Day: Iso.DayOf(c.Time)))
            .Select(g =>
            {
                var hours = g.OrderBy(c => c.Time).ToList();
                if (hours.Count != 24)
                {
                    throw new InvalidOperationException($"{g.Key.Asset} {Iso.Date(g.Key.Day)} has {hours.Count} hourly bars, not 24.");
                }

                return new Candle(g.Key.Asset, "1d", Iso.Midnight(g.Key.Day), hours[0].Open, hours.Max(c => c.High),
                    hours.Min(c => c.Low), hours[^1].Close, hours.Sum(c => c.VolumeUsd));
            });
}

/// <summary>All bars of the sample, indexed for the builders that need a price at a time.</summary>
internal sealed class CandleBook
{
    private readonly Dictionary<(string Asset, DateTime Time), Candle> _hourly;
    private readonly Dictionary<(string Asset, DateOnly Day), Candle> _daily;

    public CandleBook(IReadOnlyList<Candle> hourly, IReadOnlyList<Candle> daily, IReadOnlyList<Candle> index)
    {
        Hourly = hourly;
        Daily = daily;
        Index = index;
        _hourly = hourly.ToDictionary(c => (c.Asset, c.Time));
        _daily = daily.ToDictionary(c => (c.Asset, Iso.DayOf(c.Time)));
    }

    public IReadOnlyList<Candle> Hourly { get; }

    public IReadOnlyList<Candle> Daily { get; }

    /// <summary>The Nasdaq-100 daily bars (US trading days only).</summary>
    public IReadOnlyList<Candle> Index { get; }

    public Candle Hour(string asset, DateTime hour) => _hourly[(asset, hour)];

    public Candle Day(string asset, DateOnly day) => _daily[(asset, day)];
}
