namespace ReportForge.SampleData;

/// <summary>Which side of the book was forced out.</summary>
internal enum Side
{
    Long,
    Short,
}

/// <summary>
/// What one UTC day of liquidations adds up to and how it splits: AssetShares follow Assets.LiquidationAssets,
/// ExchangeShares follow Exchanges.All (zero where a venue is not covered). Event days also list SingleOrders
/// large orders, none above OrderCap, so a published largest order stays the largest.
/// </summary>
internal sealed record LiquidationDay(
    DateOnly Day,
    bool Hourly,
    decimal Longs,
    decimal Shorts,
    IReadOnlyList<double> AssetShares,
    IReadOnlyList<double> ExchangeShares,
    int SingleOrders,
    decimal OrderCap)
{
    public decimal Total => Longs + Shorts;

    public Period Period => SampleCalendar.PeriodOf(Day);
}

/// <summary>A day whose totals are set by hand: a published event day or a neighbour inside an event window.</summary>
internal sealed record SetDay(
    decimal? Total = null,
    double? LongShare = null,
    decimal? Longs = null,
    decimal? Shorts = null,
    double[]? AssetShares = null,
    double? HyperliquidShare = null,
    int SingleOrders = 0,
    decimal OrderCap = 0);

/// <summary>A published single liquidation that must appear as the largest of its day.</summary>
internal sealed record PublishedOrder(DateTime Hour, string Exchange, string Asset, Side Side, decimal Usd);

/// <summary>The liquidation totals of every day: the published event figures, hand-set neighbours, and price-driven ordinary days.</summary>
internal static class LiquidationPlan
{
    /// <summary>Days stored as hourly buckets; every other day has one daily bucket per coin, venue and side.</summary>
    public static readonly IReadOnlyList<(DateOnly First, DateOnly Last)> HourlyWindows =
    [
        (new(2025, 1, 25), new(2025, 2, 5)),
        (new(2025, 10, 8), new(2025, 10, 12)),
        (new(2026, 1, 29), new(2026, 2, 8)),
    ];

    public static readonly IReadOnlyList<PublishedOrder> PublishedOrders =
    [
        // Seed 001: "The largest single liquidation occurred on HTX's BTC/USDT pair, exceeding $98 million."
        new(Iso.At("2025-01-27 16"), "HTX", "BTC", Side.Long, 98_450_000m),
        // Seed 000: "the largest single liquidation occurring on Binance — an ETHUSDT position worth $25.6 million."
        new(Iso.At("2025-02-03 02"), "Binance", "ETH", Side.Long, 25_600_000m),
    ];

    // Order of shares: BTC, ETH, SOL, XRP, DOGE, OTHER.
    private static readonly Dictionary<DateOnly, SetDay> Set = new()
    {
        [new(2025, 1, 25)] = new(Total: 176_420_000m),
        [new(2025, 1, 26)] = new(Total: 243_870_000m),
        // Seed 001: $881 million, over 90 % longs.
        [new(2025, 1, 27)] = new(Total: 881_024_350m, LongShare: 0.921, AssetShares: [0.37, 0.25, 0.09, 0.06, 0.06, 0.17],
            SingleOrders: 180, OrderCap: 12_000_000m),
        [new(2025, 1, 28)] = new(Total: 331_560_000m),
        [new(2025, 1, 29)] = new(Total: 246_310_000m),
        [new(2025, 1, 30)] = new(Total: 262_480_000m),
        [new(2025, 1, 31)] = new(Total: 309_750_000m),
        [new(2025, 2, 1)] = new(Total: 362_140_000m),
        [new(2025, 2, 2)] = new(Total: 494_380_000m),
        // Seed 000: $2.028 B total, $1.766 B longs, $270 M shorts, which do not add up; the parts are kept so that
        // each rounds to the published figure and the total still reads "$2.03 billion".
        [new(2025, 2, 3)] = new(Longs: 1_765_210_000m, Shorts: 269_640_000m, AssetShares: [0.21, 0.31, 0.07, 0.10, 0.07, 0.24],
            SingleOrders: 260, OrderCap: 9_000_000m),
        [new(2025, 2, 4)] = new(Total: 538_920_000m),
        [new(2025, 2, 5)] = new(Total: 264_730_000m),

        [new(2025, 10, 8)] = new(Total: 309_840_000m),
        [new(2025, 10, 9)] = new(Total: 421_560_000m),
        // Seed 003: "a total liquidation amount of about $19 billion".
        [new(2025, 10, 10)] = new(Total: 19_134_270_000m, LongShare: 0.884, AssetShares: [0.28, 0.23, 0.10, 0.07, 0.05, 0.27],
            HyperliquidShare: 0.36, SingleOrders: 380, OrderCap: 150_000_000m),
        [new(2025, 10, 11)] = new(Total: 781_230_000m),
        [new(2025, 10, 12)] = new(Total: 642_950_000m, LongShare: 0.29),

        [new(2026, 1, 29)] = new(Total: 412_660_000m),
        [new(2026, 1, 30)] = new(Total: 621_480_000m),
        // Seed 004: over $2 billion, BTC about $700 million, ETH $300–350 million, a long squeeze.
        [new(2026, 1, 31)] = new(Total: 2_181_000_000m, LongShare: 0.862, AssetShares: [0.322, 0.148, 0.09, 0.065, 0.04, 0.335],
            SingleOrders: 220, OrderCap: 14_000_000m),
        // Seed 002's $2.56 billion covers the weekend: 31 Jan + 1 Feb.
        [new(2026, 2, 1)] = new(Total: 379_400_000m),
        [new(2026, 2, 2)] = new(Total: 688_310_000m),
        [new(2026, 2, 3)] = new(Total: 612_840_000m),
        [new(2026, 2, 4)] = new(Total: 561_290_000m),
        [new(2026, 2, 5)] = new(Total: 1_468_350_000m, LongShare: 0.84, AssetShares: [0.635, 0.16, 0.05, 0.04, 0.02, 0.095],
            SingleOrders: 170, OrderCap: 10_000_000m),
        // Seed 003: $2.3 billion in the past 24 hours, "over 60 % of Bitcoin related positions" (seed 002).
        [new(2026, 2, 6)] = new(Total: 2_302_160_000m, LongShare: 0.80, AssetShares: [0.655, 0.15, 0.05, 0.04, 0.02, 0.085],
            SingleOrders: 240, OrderCap: 16_000_000m),
        [new(2026, 2, 7)] = new(Total: 518_470_000m, LongShare: 0.26),
        [new(2026, 2, 8)] = new(Total: 262_150_000m),
    };

    // Rally days where shorts, not longs, were squeezed.
    private static readonly HashSet<DateOnly> ShortSqueezeDays =
    [
        new(2024, 12, 4), new(2025, 1, 15), new(2025, 1, 17), new(2025, 8, 13), new(2025, 10, 1), new(2026, 1, 13),
    ];

    private static readonly double[] EarlyAssetShares = [0.36, 0.26, 0.09, 0.07, 0.06, 0.16];
    private static readonly double[] LateAssetShares = [0.38, 0.30, 0.08, 0.05, 0.04, 0.15];

    public static bool IsHourly(DateOnly day) => HourlyWindows.Any(w => day >= w.First && day <= w.Last);

    public static List<LiquidationDay> Build(CandleBook candles, int seed)
    {
        var rng = new Rng(seed);
        var days = new List<LiquidationDay>();
        foreach (var period in SampleCalendar.Periods)
        {
            foreach (var day in period.Days())
            {
                days.Add(Day(candles.Day("BTC", day), period, rng));
            }
        }

        return days;
    }

    private static LiquidationDay Day(Candle btc, Period period, Rng rng)
    {
        var day = Iso.DayOf(btc.Time);
        var early = period == SampleCalendar.Early;
        var exchanges = Jitter(early ? Exchanges.EarlyShares : Exchanges.LateShares, 0.12, rng);
        var assets = Jitter(early ? EarlyAssetShares : LateAssetShares, 0.2, rng);
        var longShare = LongShare(btc, day, rng);
        if (Set.TryGetValue(day, out var set))
        {
            if (set.HyperliquidShare is { } hyperliquid)
            {
                var index = Exchanges.All.ToList().IndexOf(Exchanges.Hyperliquid);
                var rest = exchanges.Where((_, i) => i != index).Sum();
                exchanges = [.. exchanges.Select((s, i) => i == index ? hyperliquid : s / rest * (1 - hyperliquid))];
            }

            var (longs, shorts) = set switch
            {
                { Longs: { } l, Shorts: { } s } => (l, s),
                { Total: { } t } => Split(t, set.LongShare ?? longShare),
                _ => throw new InvalidOperationException($"{Iso.Date(day)}: give a total or both sides."),
            };
            return new LiquidationDay(day, IsHourly(day), longs, shorts, set.AssetShares ?? assets, exchanges, set.SingleOrders, set.OrderCap);
        }

        // Ordinary days: a few hundred million, more when the price moves, less at weekends.
        var weekend = day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 0.7 : 1.0;
        var total = (early ? 235e6 : 270e6) * weekend * rng.LogNormal(0.22)
            * (1 + (9 * Math.Abs(btc.ChangeFraction)) + (2.5 * btc.RangeFraction));
        total = total switch
        {
            < 150e6 => 150e6 + (rng.Uniform() * 9e6),
            > 500e6 => 478e6 + (rng.Uniform() * 21e6),
            _ => total,
        };
        var (dayLongs, dayShorts) = Split(Num.Round(total, 2), longShare);
        return new LiquidationDay(day, IsHourly(day), dayLongs, dayShorts, assets, exchanges, 0, 0);
    }

    // Down days liquidate longs, up days shorts; the squeeze days are clearly short-dominated.
    private static double LongShare(Candle btc, DateOnly day, Rng rng)
    {
        var noise = 0.05 * rng.Normal();
        if (ShortSqueezeDays.Contains(day))
        {
            return 0.2 + (0.06 * rng.Uniform());
        }

        // Longs carry more leverage, so a flat day still liquidates slightly more longs than shorts.
        return Math.Clamp((1 / (1 + Math.Exp((40 * btc.ChangeFraction) - 0.25))) + noise, 0.12, 0.9);
    }

    private static (decimal Longs, decimal Shorts) Split(decimal total, double longShare)
    {
        var longs = Math.Round(total * (decimal)longShare, 2, MidpointRounding.AwayFromZero);
        return (longs, total - longs);
    }

    private static double[] Jitter(IReadOnlyList<double> shares, double sigma, Rng rng)
    {
        var jittered = shares.Select(s => s * rng.LogNormal(sigma)).ToArray();
        var sum = jittered.Sum();
        return [.. jittered.Select(s => s / sum)];
    }
}
