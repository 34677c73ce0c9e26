namespace ReportForge.Reporting.Tests.Fixtures;

/// <summary>
/// A made-up market that mirrors the seed articles' events, written in the import format: quiet days around
/// 27 Jan 2025 and 3 Feb 2025 (the DeepSeek and tariff sell-offs), a short squeeze on 18 Sep 2025, a sparse day
/// on 24 Sep 2025 (no trader count, no single orders, no order counts), the 10 Oct 2025 crash and the weekend after it.
/// </summary>
internal static class MarketFixture
{
    public static readonly DateOnly DeepSeekDay = new(2025, 1, 27);
    public static readonly DateOnly TariffDay = new(2025, 2, 3);
    public static readonly DateOnly ShortSqueezeDay = new(2025, 9, 18);
    public static readonly DateOnly SparseDay = new(2025, 9, 24);
    public static readonly DateOnly CrashDay = new(2025, 10, 10);
    public static readonly DateOnly WeekendAfterCrash = new(2025, 10, 11);

    private static readonly string[] Assets = ["BTC", "ETH", "SOL", "XRP", "DOGE"];
    private static readonly string[] BucketAssets = ["BTC", "ETH", "SOL", "XRP", "DOGE", "OTHER"];
    private static readonly double[] BucketAssetWeights = [0.42, 0.28, 0.10, 0.07, 0.05, 0.08];
    private static readonly string[] Exchanges = ["Binance", "Bybit", "OKX", "HTX"];
    private static readonly double[] ExchangeWeights = [0.40, 0.28, 0.18, 0.14];

    // Price of each asset as a fraction of Bitcoin's, per period, on quiet days.
    private static readonly Dictionary<string, (double Early, double Late)> Ratio = new()
    {
        ["ETH"] = (0.0325, 0.0355), ["SOL"] = (0.0025, 0.0018), ["XRP"] = (0.0000300, 0.0000235), ["DOGE"] = (0.0000035, 0.0000021),
    };

    private static readonly (string Day, double Close)[] BitcoinCloses =
    [
        ("2025-01-01", 94400), ("2025-01-02", 96900), ("2025-01-03", 98100), ("2025-01-04", 98200), ("2025-01-05", 98300),
        ("2025-01-06", 102200), ("2025-01-07", 96900), ("2025-01-08", 95000), ("2025-01-09", 92500), ("2025-01-10", 94700),
        ("2025-01-11", 94500), ("2025-01-12", 94500), ("2025-01-13", 94500), ("2025-01-14", 96500), ("2025-01-15", 100500),
        ("2025-01-16", 99900), ("2025-01-17", 104100), ("2025-01-18", 104400), ("2025-01-19", 101100), ("2025-01-20", 102000),
        ("2025-01-21", 106100), ("2025-01-22", 103700), ("2025-01-23", 104000), ("2025-01-24", 104800), ("2025-01-25", 104700),
        ("2025-01-26", 102600), ("2025-01-27", 97983), ("2025-01-28", 101300), ("2025-01-29", 103700), ("2025-01-30", 104700),
        ("2025-01-31", 102400), ("2025-02-01", 100600), ("2025-02-02", 97700), ("2025-02-03", 101400), ("2025-02-04", 97800),
        ("2025-02-05", 96600),
        ("2025-09-01", 108200), ("2025-09-02", 109100), ("2025-09-03", 110600), ("2025-09-04", 110100), ("2025-09-05", 110900),
        ("2025-09-06", 110500), ("2025-09-07", 111100), ("2025-09-08", 111600), ("2025-09-09", 111400), ("2025-09-10", 113900),
        ("2025-09-11", 115400), ("2025-09-12", 116000), ("2025-09-13", 115900), ("2025-09-14", 115300), ("2025-09-15", 115200),
        ("2025-09-16", 116700), ("2025-09-17", 112000), ("2025-09-18", 117600), ("2025-09-19", 115600), ("2025-09-20", 115700),
        ("2025-09-21", 115300), ("2025-09-22", 112700), ("2025-09-23", 112000), ("2025-09-24", 113300), ("2025-09-25", 109000),
        ("2025-09-26", 109600), ("2025-09-27", 109600), ("2025-09-28", 112100), ("2025-09-29", 114400), ("2025-09-30", 114000),
        ("2025-10-01", 118600), ("2025-10-02", 120500), ("2025-10-03", 122200), ("2025-10-04", 122400), ("2025-10-05", 123500),
        ("2025-10-06", 124700), ("2025-10-07", 121400), ("2025-10-08", 123300), ("2025-10-09", 121700), ("2025-10-10", 113200),
        ("2025-10-11", 110700), ("2025-10-12", 115100),
    ];

    // (day, asset) → close and low as multiples of the open, the hour of the low, and the high as a multiple of the open.
    private static readonly Dictionary<(string Day, string Asset), (double? Close, double Low, int LowHour, double? High)> Moves = new()
    {
        [("2025-01-13", "BTC")] = (null, 89250 / 94500.0, 15, null),
        [("2025-01-14", "BTC")] = (null, 90900 / 94500.0, 14, null),
        [("2025-01-20", "BTC")] = (null, 0.985, 3, 109100 / 101100.0),
        [("2025-01-27", "BTC")] = (null, 97700 / 102600.0, 15, null),
        [("2025-01-27", "ETH")] = (0.920, 0.905, 15, null),
        [("2025-01-27", "SOL")] = (0.889, 0.880, 16, null),
        [("2025-01-27", "XRP")] = (0.930, 0.915, 15, null),
        [("2025-01-27", "DOGE")] = (0.888, 0.878, 16, null),
        [("2025-02-03", "BTC")] = (null, 91231 / 97700.0, 3, 102500 / 97700.0),
        [("2025-02-03", "ETH")] = (0.985, 0.760, 3, null),
        [("2025-02-03", "SOL")] = (0.950, 0.830, 3, null),
        [("2025-02-03", "XRP")] = (0.960, 0.720, 3, null),
        [("2025-02-03", "DOGE")] = (0.955, 0.780, 3, null),
        [("2025-09-18", "BTC")] = (null, 0.995, 2, 118000 / 112000.0),
        [("2025-10-06", "BTC")] = (null, 0.99, 3, 126100 / 123500.0),
        [("2025-10-10", "BTC")] = (null, 104600 / 121700.0, 21, null),
        [("2025-10-10", "ETH")] = (0.877, 0.790, 21, null),
        [("2025-10-10", "SOL")] = (0.840, 0.700, 21, null),
        [("2025-10-10", "XRP")] = (0.860, 0.600, 21, null),
        [("2025-10-10", "DOGE")] = (0.800, 0.550, 21, null),
        [("2025-10-11", "BTC")] = (null, 109600 / 113200.0, 4, 113900 / 113200.0),
    };

    /// <summary>Writes the whole fixture market; <paramref name="tweak"/> may change a day before it is written.</summary>
    public static DatasetWriter Build(Func<DayPlan, DayPlan>? tweak = null)
    {
        var writer = new DatasetWriter();
        var closes = BitcoinCloses.ToDictionary(c => DateOnly.Parse(c.Day, System.Globalization.CultureInfo.InvariantCulture), c => c.Close);
        var previous = new Dictionary<string, double>();
        var oiLeverage = 1.0;
        var index = 21500.0;
        foreach (var (day, btcClose) in closes.OrderBy(c => c.Key))
        {
            var late = day.Year == 2025 && day.Month >= 9;
            if (!closes.ContainsKey(day.AddDays(-1)))
            {
                previous.Clear();
                previous["BTC"] = btcClose * 0.99;
                foreach (var (asset, ratio) in Ratio)
                {
                    previous[asset] = previous["BTC"] * (late ? ratio.Late : ratio.Early);
                }
            }

            var plan = tweak is null ? PlanOf(day, late) : tweak(PlanOf(day, late));
            var midnight = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            var key = day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            var paths = new Dictionary<string, double[]>();
            foreach (var asset in Assets)
            {
                var open = previous[asset];
                Moves.TryGetValue((key, asset), out var move);
                var close = asset == "BTC" ? btcClose : move.Close is { } m ? open * m : btcClose * (late ? Ratio[asset].Late : Ratio[asset].Early);
                var low = move.Low > 0 ? open * move.Low : Math.Min(open, close) * 0.988;
                var high = move.High is { } h ? open * h : Math.Max(open, close) * (move.Low > 0 ? 1.006 : 1.01);
                var lowHour = move.Low > 0 ? move.LowHour : 14;
                paths[asset] = WriteCandles(writer, asset, midnight, open, close, low, high, lowHour, lowHour < 12 ? 20 : 2);
                previous[asset] = close;
            }

            if (plan.Long + plan.Short > 0)
            {
                WriteLiquidations(writer, midnight, plan, Moves.TryGetValue((key, "BTC"), out var btcMove) && btcMove.Low > 0 ? btcMove.LowHour : 14);
            }

            foreach (var order in plan.Orders)
            {
                writer.Order(midnight.AddHours(order.Hour), order.Exchange, order.Symbol, order.Asset, order.Side, order.Price, order.Usd);
            }

            if (plan.Cap is not null || plan.Traders is not null)
            {
                writer.Market(day, plan.Cap, plan.Traders);
            }

            if (plan.WriteDerivatives)
            {
                foreach (var (hour, lev) in new[] { (0, oiLeverage), (8, oiLeverage), (16, plan.LeverageEnd) })
                {
                    writer.Derivative(midnight.AddHours(hour), "BTC", paths["BTC"][hour] * 600_000 * lev, plan.Funding);
                    writer.Derivative(midnight.AddHours(hour), "ETH", paths["ETH"][hour] * 9_000_000 * lev, plan.Funding);
                }
            }

            oiLeverage = plan.LeverageEnd;
            if (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && day != new DateOnly(2025, 1, 20))
            {
                var change = plan.IndexChangePct ?? (((day.DayNumber * 7919) % 9) - 4) / 10.0;
                var previousIndex = index;
                index *= 1 + (change / 100);
                writer.Candle("NDX", "1d", midnight, previousIndex, Math.Max(previousIndex, index) * 1.004, Math.Min(previousIndex, index) * 0.996, index, 9e11);
            }

            foreach (var catalyst in plan.Catalysts)
            {
                writer.Catalyst(catalyst.Time, catalyst.Title, catalyst.Category, catalyst.Summary);
            }
        }

        return writer;
    }

    private static DayPlan PlanOf(DateOnly day, bool late)
    {
        var noise = ((day.DayNumber * 2654435761L) % 1000) / 1000.0;
        var quiet = new DayPlan(day,
            Long: Math.Round((decimal)((120e6 + (300e6 * noise)) * (0.5 + (0.12 * noise))), 2),
            Short: Math.Round((decimal)((120e6 + (300e6 * noise)) * (0.5 - (0.12 * noise))), 2),
            Traders: null, OrderCounts: false, Orders: [],
            Cap: ClosesCap(day), LeverageEnd: LeverageOf(day), Funding: 0.0001, WriteDerivatives: true, IndexChangePct: null, Catalysts: []);
        var d = (day.Month, day.Day, day.Year);
        return d switch
        {
            (1, 27, 2025) => quiet with
            {
                Long = 806_100_000m, Short = 74_900_000m, Traders = 320_400, OrderCounts = true, LeverageEnd = 0.97, Funding = 0.00005, IndexChangePct = -3.1,
                Orders =
                [
                    new FixtureOrder(13, "HTX", "BTC-USDT", "BTC", "long", 99_000, 98_400_000),
                    new FixtureOrder(15, "Binance", "BTCUSDT", "BTC", "long", 97_800, 12_100_000),
                    new FixtureOrder(16, "OKX", "ETH-USDT-SWAP", "ETH", "long", 3_030, 8_200_000),
                ],
                Catalysts =
                [
                    new FixtureCatalyst(new DateTime(2025, 1, 26, 18, 0, 0, DateTimeKind.Utc), "US threatens 25% tariffs on Colombia over deportation flights", "macro", "Colombia gives way within hours; fears of wider tariffs remain"),
                    new FixtureCatalyst(new DateTime(2025, 1, 27, 7, 0, 0, DateTimeKind.Utc), "DeepSeek sell-off: Chinese AI model tops the US App Store and tech stocks slide", "technology", "A model trained for under $6 million challenges the AI spending story"),
                ],
            },
            (1, 29, 2025) => quiet with { Funding = 0.0004, Catalysts = [new FixtureCatalyst(new DateTime(2025, 1, 29, 19, 0, 0, DateTimeKind.Utc), "Fed holds rates steady, its first pause since September", "macro", "")] },
            (1, 30, 2025) => quiet with { Funding = 0.0004, Catalysts = [new FixtureCatalyst(new DateTime(2025, 1, 30, 15, 0, 0, DateTimeKind.Utc), "El Salvador amends its Bitcoin law, ending legal tender status", "regulation", "Part of a $1.4 billion IMF loan agreement")] },
            (2, 1, 2025) => quiet with { Funding = 0.0004, Catalysts = [new FixtureCatalyst(new DateTime(2025, 2, 1, 22, 0, 0, DateTimeKind.Utc), "US imposes tariffs: 25% on Canada and Mexico, 10% on China", "macro", "Trade-war fears spread to risk assets")] },
            (2, 3, 2025) => quiet with
            {
                Long = 1_765_100_000m, Short = 269_700_000m, Traders = 700_600, OrderCounts = true, LeverageEnd = 0.93, Funding = 0.00002, IndexChangePct = -0.8,
                Orders =
                [
                    new FixtureOrder(3, "Binance", "ETHUSDT", "ETH", "long", 2_400, 25_600_000),
                    new FixtureOrder(3, "Bybit", "BTCUSDT", "BTC", "long", 91_800, 9_800_000),
                    new FixtureOrder(4, "HTX", "SOL-USDT", "SOL", "long", 181, 4_100_000),
                ],
                Catalysts = [new FixtureCatalyst(new DateTime(2025, 2, 3, 16, 0, 0, DateTimeKind.Utc), "Trump says tariffs on the European Union will follow", "macro", "")],
            },
            (9, 18, 2025) => quiet with
            {
                Long = 84_000_000m, Short = 336_000_000m, OrderCounts = true, Funding = -0.00008, IndexChangePct = 0.9,
                Orders = [new FixtureOrder(9, "Bybit", "BTCUSDT", "BTC", "short", 117_200, 6_200_000)],
            },
            (9, 24, 2025) => quiet with { Long = 82_000_000m, Short = 68_000_000m, Cap = null, WriteDerivatives = false },
            (10, 10, 2025) => quiet with
            {
                Long = 16_650_000_000m, Short = 2_480_000_000m, Traders = 1_620_000, OrderCounts = true, LeverageEnd = 0.82, Funding = 0.00003, IndexChangePct = -3.6,
                Orders = [new FixtureOrder(21, "Hyperliquid", "ETH", "ETH", "long", 3_540, 203_000_000), new FixtureOrder(21, "Binance", "BTCUSDT", "BTC", "long", 105_100, 41_000_000)],
                Catalysts =
                [
                    new FixtureCatalyst(new DateTime(2025, 10, 10, 20, 50, 0, DateTimeKind.Utc), "Trump announces 100% tariffs on Chinese imports", "macro", "Trade tensions return after months of easing"),
                    new FixtureCatalyst(new DateTime(2025, 10, 10, 22, 0, 0, DateTimeKind.Utc), "Spot bitcoin ETFs report net outflows as risk appetite fades", "flows", ""),
                ],
            },
            (10, 11, 2025) => quiet with { Long = 840_000_000m, Short = 360_000_000m, OrderCounts = true, LeverageEnd = 0.80, Funding = -0.0001 },
            (1, >= 20 and <= 26, 2025) or (1, >= 28, 2025) or (2, 1 or 2, 2025) or (10, >= 1 and <= 9, 2025) => quiet with { Funding = 0.0004 },
            _ => quiet,
        };
    }

    private static double? ClosesCap(DateOnly day) =>
        BitcoinCloses.FirstOrDefault(c => c.Day == day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).Close * 19_800_000 / 0.58;

    private static double LeverageOf(DateOnly day) => (day.Year, day.Month, day.Day) switch
    {
        (2025, 1, >= 20 and <= 26) => 1.0 + ((day.Day - 19) * 0.016),
        (2025, 1, >= 28) or (2025, 2, 1 or 2) => 0.97 + ((day.DayNumber - new DateOnly(2025, 1, 27).DayNumber) * 0.018),
        (2025, 10, >= 1 and <= 9) => 1.0 + (day.Day * 0.017),
        _ => 1.0,
    };

    private static double[] WriteCandles(DatasetWriter writer, string asset, DateTime midnight, double open, double close, double low, double high, int lowHour, int highHour)
    {
        var points = new SortedDictionary<double, double> { [0] = open, [24] = close, [lowHour] = low * 1.003, [lowHour + 1] = low * 1.004, [highHour] = high * 0.997 };
        double At(double t)
        {
            var before = points.Last(p => p.Key <= t);
            var after = points.First(p => p.Key >= t);
            return after.Key == before.Key ? before.Value : before.Value + ((after.Value - before.Value) * (t - before.Key) / (after.Key - before.Key));
        }

        var path = Enumerable.Range(0, 25).Select(h => At(h)).ToArray();
        double dayHigh = 0, dayLow = double.MaxValue;
        for (var h = 0; h < 24; h++)
        {
            var o = path[h];
            var c = path[h + 1];
            var barLow = h == lowHour ? low : Math.Min(o, c) * 0.9995;
            var barHigh = h == highHour ? high : Math.Max(o, c) * 1.0005;
            dayHigh = Math.Max(dayHigh, barHigh);
            dayLow = Math.Min(dayLow, barLow);
            writer.Candle(asset, "1h", midnight.AddHours(h), o, barHigh, barLow, c, 1e9);
        }

        writer.Candle(asset, "1d", midnight, open, dayHigh, dayLow, close, 24e9);
        return path;
    }

    private static void WriteLiquidations(DatasetWriter writer, DateTime midnight, DayPlan plan, int peakHour)
    {
        var hours = Enumerable.Range(0, 24).Select(h => 1 + (plan.OrderCounts ? 12 * Math.Exp(-Math.Pow(h - peakHour, 2) / 4) : 0.3 * Math.Sin(h))).ToArray();
        foreach (var (side, total) in new[] { ("long", plan.Long), ("short", plan.Short) })
        {
            var weights = new List<double>();
            foreach (var hour in hours)
            {
                foreach (var asset in BucketAssetWeights)
                {
                    foreach (var exchange in ExchangeWeights)
                    {
                        weights.Add(hour * asset * exchange);
                    }
                }
            }

            var parts = Allocate(total, weights);
            var i = 0;
            for (var h = 0; h < 24; h++)
            {
                foreach (var asset in BucketAssets)
                {
                    foreach (var exchange in Exchanges)
                    {
                        var usd = parts[i++];
                        writer.Liquidation(midnight.AddHours(h), "1h", asset, exchange, side, usd, plan.OrderCounts ? (long)Math.Max(1, Math.Round(usd / 2700m)) : null);
                    }
                }
            }
        }
    }

    // Splits a total in cents by weights so the parts add up exactly (largest remainder).
    private static decimal[] Allocate(decimal total, IReadOnlyList<double> weights)
    {
        var cents = (long)Math.Round(total * 100m);
        var sum = weights.Sum();
        var parts = weights.Select(w => (long)Math.Floor(cents * (w / sum))).ToArray();
        var rest = cents - parts.Sum();
        foreach (var index in weights.Select((w, i) => (Remainder: (cents * (w / sum)) - parts[i], i)).OrderByDescending(r => r.Remainder).ThenBy(r => r.i).Take((int)rest).Select(r => r.i))
        {
            parts[index]++;
        }

        return [.. parts.Select(p => p / 100m)];
    }
}

/// <summary>What the fixture writes for one UTC day.</summary>
internal sealed record DayPlan(
    DateOnly Day,
    decimal Long,
    decimal Short,
    long? Traders,
    bool OrderCounts,
    IReadOnlyList<FixtureOrder> Orders,
    double? Cap,
    double LeverageEnd,
    double Funding,
    bool WriteDerivatives,
    double? IndexChangePct,
    IReadOnlyList<FixtureCatalyst> Catalysts);

internal sealed record FixtureOrder(int Hour, string Exchange, string Symbol, string Asset, string Side, double Price, double Usd);

internal sealed record FixtureCatalyst(DateTime Time, string Title, string Category, string Summary);
