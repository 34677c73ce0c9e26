namespace ReportForge.SampleData;

/// <summary>The consistency and published-figure checks of <see cref="Verifier"/>.</summary>
internal sealed partial class Verifier
{
    private static readonly DateOnly[] OrderDays =
        [new(2025, 1, 27), new(2025, 2, 3), new(2025, 10, 10), new(2026, 1, 31), new(2026, 2, 5), new(2026, 2, 6)];

    private static IEnumerable<DateOnly> AllDays => SampleCalendar.Periods.SelectMany(p => p.Days());

    private void CheckCandles(List<Candle> candles)
    {
        foreach (var c in candles)
        {
            Check(c.Low > 0 && c.High >= Math.Max(c.Open, c.Close) && c.Low <= Math.Min(c.Open, c.Close) && c.VolumeUsd > 0,
                $"candle {c.Asset} {c.Interval} {Iso.Time(c.Time)}: OHLC out of order or no volume");
        }

        var hoursExpected = SampleCalendar.Periods.Sum(p => p.Hours);
        foreach (var asset in Assets.Crypto.Select(a => a.Symbol))
        {
            var hours = candles.Where(c => c.Asset == asset && c.Interval == "1h").OrderBy(c => c.Time).ToList();
            Check(hours.Count == hoursExpected && hours.Select(c => c.Time).Distinct().Count() == hoursExpected,
                $"{asset}: {hours.Count} hourly bars, expected {hoursExpected}");
            for (var i = 1; i < hours.Count; i++)
            {
                if (hours[i].Time == hours[i - 1].Time.AddHours(1))
                {
                    Check(hours[i].Open == hours[i - 1].Close, $"{asset} {Iso.Time(hours[i].Time)}: open is not the previous close");
                }
                else
                {
                    Check(SampleCalendar.Periods.Any(p => p.Start == hours[i].Time), $"{asset}: gap before {Iso.Time(hours[i].Time)}");
                }
            }

            var byDay = hours.ToLookup(c => Iso.DayOf(c.Time));
            var days = candles.Where(c => c.Asset == asset && c.Interval == "1d").ToList();
            Check(days.Count == AllDays.Count(), $"{asset}: {days.Count} daily bars, expected {AllDays.Count()}");
            foreach (var d in days)
            {
                var h = byDay[Iso.DayOf(d.Time)].OrderBy(c => c.Time).ToList();
                Check(h.Count == 24 && d.Open == h[0].Open && d.Close == h[^1].Close && d.High == h.Max(c => c.High)
                    && d.Low == h.Min(c => c.Low) && d.VolumeUsd == h.Sum(c => c.VolumeUsd),
                    $"{asset} {Iso.Date(Iso.DayOf(d.Time))}: the daily bar does not match its 24 hourly bars");
            }
        }

        var index = candles.Where(c => c.Asset == Assets.Nasdaq100).ToList();
        var tradingDays = AllDays.Where(SampleCalendar.IsUsTradingDay).ToHashSet();
        Check(index.All(c => c.Interval == "1d" && tradingDays.Contains(Iso.DayOf(c.Time))) && index.Count == tradingDays.Count,
            $"NDX: {index.Count} bars, expected one per US trading day ({tradingDays.Count})");
        Check(candles.All(c => c.Asset == Assets.Nasdaq100 || Assets.Crypto.Any(a => a.Symbol == c.Asset)), "candles: unknown asset");
    }

    private void CheckPrices(List<Candle> candles)
    {
        var daily = candles.Where(c => c.Interval == "1d").ToDictionary(c => (c.Asset, Iso.DayOf(c.Time)));
        var hourly = candles.Where(c => c.Interval == "1h").ToList();
        Candle D(string asset, string day) => daily[(asset, Iso.Day(day))];
        Candle LowHour(string asset, string day) =>
            hourly.Where(c => c.Asset == asset && Iso.DayOf(c.Time) == Iso.Day(day)).OrderBy(c => c.Low).First();
        void InRange(string what, double value, double min, double max) =>
            Check(value >= min && value <= max, $"{what} = {value:0.####}, expected {min}..{max}");

        Report("Prices (UTC days; change = last hour's close vs first hour's open):");
        var btc27 = D("BTC", "2025-01-27");
        Report($"  2025-01-27 BTC {Pct(btc27.ChangeFraction)}, low {btc27.Low}; ETH {Pct(D("ETH", "2025-01-27").ChangeFraction)}, low {D("ETH", "2025-01-27").Low}; "
            + $"SOL {Pct(D("SOL", "2025-01-27").ChangeFraction)}; DOGE {Pct(D("DOGE", "2025-01-27").ChangeFraction)}; XRP {Pct(D("XRP", "2025-01-27").ChangeFraction)}");
        Check(btc27.Low < 98_000m, "2025-01-27 BTC low must be below $98,000");
        InRange("2025-01-27 BTC change", btc27.ChangeFraction, -0.065, -0.060);
        InRange("2025-01-27 ETH change", D("ETH", "2025-01-27").ChangeFraction, -0.085, -0.080);
        Check(D("ETH", "2025-01-27").Low < 3_100m, "2025-01-27 ETH low must be below $3,100");
        InRange("2025-01-27 SOL change", D("SOL", "2025-01-27").ChangeFraction, -0.116, -0.110);
        InRange("2025-01-27 DOGE change", D("DOGE", "2025-01-27").ChangeFraction, -0.116, -0.110);
        InRange("2025-01-27 XRP change", D("XRP", "2025-01-27").ChangeFraction, -0.075, -0.065);

        var btc03 = D("BTC", "2025-02-03");
        var between = hourly.Where(c => c.Asset == "BTC" && c.Time >= Iso.At("2025-01-14") && c.Time < Iso.At("2025-02-03")).Min(c => c.Low);
        var jan13 = D("BTC", "2025-01-13").Low;
        Report($"  2025-02-03 BTC low {btc03.Low} (lowest 14 Jan–2 Feb {between}, 13 Jan low {jan13}), close {btc03.Close} ({Pct(btc03.ChangeFraction)}); "
            + $"ETH low {D("ETH", "2025-02-03").Low}, close {D("ETH", "2025-02-03").Close}");
        Check(btc03.Low < 92_000m && between > btc03.Low && jan13 < btc03.Low, "2025-02-03 BTC low must be below $92,000 and the lowest since 13 Jan");
        InRange("2025-02-03 BTC change", btc03.ChangeFraction, -0.01, 0.03);
        Check(D("ETH", "2025-02-03").Low <= 2_200m, "2025-02-03 ETH must fall to about $2,150");

        var btc10 = D("BTC", "2025-10-10");
        var eth10 = D("ETH", "2025-10-10");
        var crashHour = LowHour("BTC", "2025-10-10").Time.Hour;
        Report($"  2025-10-10 BTC high→low {Pct(-btc10.RangeFraction)} ({btc10.High}→{btc10.Low}, low at {crashHour:00}:00 UTC); ETH {Pct(-eth10.RangeFraction)} ({eth10.High}→{eth10.Low})");
        InRange("2025-10-10 BTC (high-low)/high", btc10.RangeFraction, 0.146, 0.148);
        InRange("2025-10-10 ETH (high-low)/high", eth10.RangeFraction, 0.226, 0.228);
        InRange("2025-10-10 BTC low hour", crashHour, 20, 22);

        var peak = hourly.Where(c => c.Asset == "BTC").MaxBy(c => c.High)!;
        Report($"  BTC all-time high in the data {peak.High} at {Iso.Time(peak.Time)}");
        InRange("BTC highest high", (double)peak.High, 125_000, 126_200);
        Check(Iso.DayOf(peak.Time) == Iso.Day("2025-10-06"), "the BTC peak must be on 6 Oct 2025");

        var janHigh = hourly.Where(c => c.Asset == "BTC" && c.Time.Year == 2026 && c.Time.Month == 1).Max(c => c.High);
        var range = hourly.Where(c => c.Asset == "BTC" && c.Time >= Iso.At("2025-11-15") && c.Time < Iso.At("2026-01-13")).ToList();
        Report($"  BTC 15 Nov–12 Jan range {range.Min(c => c.Low)}–{range.Max(c => c.High)}; January 2026 high {janHigh}");
        Check(janHigh == 97_600m, "the January 2026 BTC high must be $97,600");
        Check(range.Min(c => c.Low) >= 85_000m && range.Max(c => c.High) <= 95_000m, "BTC must range 85k–95k from mid-November to mid-January");

        var btc31 = D("BTC", "2026-01-31");
        var eth31 = D("ETH", "2026-01-31");
        Report($"  2026-01-31 BTC {Pct(btc31.ChangeFraction)} ({btc31.Open}→{btc31.Close}); ETH close {eth31.Close}, low {eth31.Low}; 2026-02-01 BTC close {D("BTC", "2026-02-01").Close}");
        Check(btc31.ChangeFraction < -0.06, "2026-01-31 BTC must drop more than 6 %");
        Check(eth31.Close < 2_500m && eth31.Low < 2_450m, "2026-01-31 ETH must close below $2,500");

        var btc06 = D("BTC", "2026-02-06");
        var lowHour = LowHour("BTC", "2026-02-06").Time.Hour;
        Report($"  2026-02-06 BTC high {btc06.High}, low {btc06.Low} at {lowHour:00}:00 UTC ({Pct(-btc06.RangeFraction)}), close {btc06.Close}; "
            + $"from the January high {Pct((double)((btc06.Close - janHigh) / janHigh))}, from the 6 Oct peak {Pct((double)((btc06.Close - peak.High) / peak.High))}, from $125,000 {Pct((double)((btc06.Close - 125_000m) / 125_000m))}");
        InRange("2026-02-06 BTC low", (double)btc06.Low, 59_950, 60_050);
        InRange("2026-02-06 BTC (high-low)/high", btc06.RangeFraction, 0.118, 0.122);
        InRange("2026-02-06 BTC close", (double)btc06.Close, 63_050, 63_150);
        InRange("2026-02-06 BTC low hour", lowHour, 1, 4);
        Check(Math.Round((janHigh - btc06.Close) / janHigh * 100, 1) == 35.3m, "6 Feb close vs January high must read −35.3 %");

        var ndx = candles.Where(c => c.Asset == Assets.Nasdaq100).OrderBy(c => c.Time).ToList();
        double NdxChange(string day)
        {
            var i = ndx.FindIndex(c => Iso.DayOf(c.Time) == Iso.Day(day));
            return (double)((ndx[i].Close - ndx[i - 1].Close) / ndx[i - 1].Close);
        }

        Report($"  NDX 2025-01-27 {Pct(NdxChange("2025-01-27"))}, 2025-10-10 {Pct(NdxChange("2025-10-10"))}, 2026-01-30 {Pct(NdxChange("2026-01-30"))}, 2026-02-05 {Pct(NdxChange("2026-02-05"))}");
        InRange("NDX 2025-01-27 change", NdxChange("2025-01-27"), -0.031, -0.029);
        InRange("NDX 2025-10-10 change", NdxChange("2025-10-10"), -0.037, -0.033);
        InRange("NDX 2026-01-30 change", NdxChange("2026-01-30"), -0.02, -0.015);
        InRange("NDX 2026-02-05 change", NdxChange("2026-02-05"), -0.02, -0.015);
    }

    private void CheckLiquidations(List<Candle> candles, List<LiquidationBucket> buckets, List<MarketDay> market)
    {
        var byDay = buckets.ToLookup(b => Iso.DayOf(b.Time));
        foreach (var day in AllDays)
        {
            var rows = byDay[day].ToList();
            var intervals = rows.Select(b => b.Interval).Distinct().ToList();
            var exchanges = Exchanges.ActiveIn(SampleCalendar.PeriodOf(day)).Count;
            var hourly = LiquidationPlan.IsHourly(day);
            Check(intervals.Count == 1 && intervals[0] == (hourly ? "1h" : "1d"), $"liquidations {Iso.Date(day)}: intervals {string.Join('+', intervals)}");
            Check(rows.Count == (hourly ? 24 : 1) * Assets.LiquidationAssets.Count * exchanges * 2, $"liquidations {Iso.Date(day)}: {rows.Count} buckets");
            Check(rows.All(b => b.Orders >= 1 && b.Usd > 0), $"liquidations {Iso.Date(day)}: an empty bucket");
        }

        Check(buckets.All(b => SampleCalendar.Periods.Any(p => p.Contains(Iso.DayOf(b.Time)))), "liquidations outside the periods");
        Check(buckets.Select(b => (b.Time, b.Interval, b.Asset, b.Exchange, b.Side)).Distinct().Count() == buckets.Count, "duplicate liquidation buckets");

        decimal Total(string day, Side? side = null, string? asset = null) =>
            byDay[Iso.Day(day)].Where(b => (side is null || b.Side == side) && (asset is null || b.Asset == asset)).Sum(b => b.Usd);
        var totals = AllDays.ToDictionary(d => d, d => byDay[d].Sum(b => b.Usd));

        Report("Liquidations (UTC-day sums over all buckets):");
        var (t03, l03, s03) = (Total("2025-02-03"), Total("2025-02-03", Side.Long), Total("2025-02-03", Side.Short));
        Report($"  2025-02-03 total {Usd(t03)} → {Num.Headline(t03)}; longs {Usd(l03)} → {Num.Headline(l03)}; shorts {Usd(s03)} → {Num.Headline(s03)}");
        Check(Num.Headline(t03) == "$2.03 billion" && Num.Headline(l03) == "$1.77 billion" && Num.Headline(s03) == "$270 million",
            "2025-02-03 totals must read $2.03 billion / $1.77 billion / $270 million");
        Check(l03 >= 1_765_000_000m && l03 < 1_765_500_000m && s03 >= 269_500_000m && s03 < 270_000_000m && t03 < 2_035_000_000m,
            "2025-02-03 sides must stay next to the published $1.766 B and $270 M");

        var (t27, l27) = (Total("2025-01-27"), Total("2025-01-27", Side.Long));
        Report($"  2025-01-27 total {Usd(t27)} → {Num.Headline(t27)}; longs {Pct((double)(l27 / t27))} of it");
        Check(Num.Headline(t27) == "$881 million" && l27 / t27 > 0.9m, "2025-01-27 must read $881 million with over 90 % longs");

        var t10 = Total("2025-10-10");
        var l10 = Total("2025-10-10", Side.Long) / t10;
        Report($"  2025-10-10 total {Usd(t10)} → {Num.Headline(t10)}; longs {Pct((double)l10)}");
        Check(Num.Headline(t10) == "$19.1 billion" && l10 is >= 0.87m and <= 0.90m, "2025-10-10 must read $19.1 billion, 87–90 % longs");
        Check(totals.MaxBy(kv => kv.Value).Key == Iso.Day("2025-10-10"), "2025-10-10 must be the largest day");
        Check(totals.Where(kv => SampleCalendar.Early.Contains(kv.Key)).MaxBy(kv => kv.Value).Key == Iso.Day("2025-02-03"),
            "2025-02-03 must be the largest day of the early period");

        var t31 = Total("2026-01-31");
        var (btc31, eth31) = (Total("2026-01-31", asset: "BTC"), Total("2026-01-31", asset: "ETH"));
        var weekend = t31 + Total("2026-02-01");
        Report($"  2026-01-31 total {Usd(t31)} → {Num.Headline(t31)}; BTC {Num.Headline(btc31)}, ETH {Num.Headline(eth31)}, longs {Pct((double)(Total("2026-01-31", Side.Long) / t31))}; "
            + $"31 Jan + 1 Feb {Num.Headline(weekend)}");
        Check(t31 is > 2_100_000_000m and < 2_300_000_000m, "2026-01-31 total must be over $2 billion (2.1–2.3 B)");
        Check(btc31 is > 680_000_000m and < 720_000_000m && eth31 is >= 300_000_000m and <= 350_000_000m, "2026-01-31 BTC ~$700 M, ETH $300–350 M");
        Check(Total("2026-01-31", Side.Long) > t31 * 0.75m, "2026-01-31 must be long-dominated");
        Check(Num.Headline(weekend) == "$2.56 billion", "31 Jan + 1 Feb 2026 must read $2.56 billion (seed 002)");

        foreach (var day in new[] { "2026-02-05", "2026-02-06" })
        {
            var t = Total(day);
            var share = Total(day, asset: "BTC") / t;
            Report($"  {day} total {Usd(t)} → {Num.Headline(t)}; BTC share {Pct((double)share)}; longs {Pct((double)(Total(day, Side.Long) / t))}");
            Check(share > 0.6m, $"{day}: BTC share must be over 60 %");
        }

        Check(Total("2026-02-05") is > 1_200_000_000m and < 1_800_000_000m, "2026-02-05 must be $1.2–1.8 B");
        Check(Num.Headline(Total("2026-02-06")) == "$2.30 billion", "2026-02-06 must read $2.3 billion");

        var btcDaily = candles.Where(c => c.Asset == "BTC" && c.Interval == "1d").ToDictionary(c => Iso.DayOf(c.Time));
        var ordinary = AllDays.Where(d => !LiquidationPlan.IsHourly(d)).ToList();
        var outside = ordinary.Where(d => totals[d] is < 150_000_000m or > 500_000_000m).ToList();
        Check(outside.Count == 0, $"ordinary days outside $150–500 M: {string.Join(", ", outside.Select(Iso.Date))}");
        var wrongWay = ordinary.Where(d => Math.Abs(btcDaily[d].ChangeFraction) >= 0.025
            && (Total(Iso.Date(d), Side.Long) / totals[d] > 0.5m) != (btcDaily[d].ChangeFraction < 0)).ToList();
        Check(wrongWay.Count == 0, $"days of a ≥2.5 % BTC move liquidated on the wrong side: {string.Join(", ", wrongWay.Select(Iso.Date))}");
        var squeezes = ordinary.Where(d => Total(Iso.Date(d), Side.Short) / totals[d] > 0.7m).Select(Iso.Date).ToList();
        var longHeavy = ordinary.Count(d => Total(Iso.Date(d), Side.Long) / totals[d] > 0.5m);
        Report($"  ordinary days: {ordinary.Count} ({longHeavy} long-heavy), totals {Num.Headline(ordinary.Min(d => totals[d]))}–{Num.Headline(ordinary.Max(d => totals[d]))}; "
            + $"over 70 % shorts: {string.Join(", ", squeezes)}");

        foreach (var m in market.Where(m => m.TradersLiquidated is not null))
        {
            var orders = byDay[m.Date].Sum(b => b.Orders);
            Check(orders >= m.TradersLiquidated, $"{Iso.Date(m.Date)}: {orders} liquidation orders cannot be fewer than {m.TradersLiquidated} traders");
        }
    }

    private void CheckOrders(List<Candle> candles, List<LiquidationBucket> buckets, List<LiquidationOrder> orders)
    {
        var hours = candles.Where(c => c.Interval == "1h").ToDictionary(c => (c.Asset, c.Time));
        foreach (var o in orders)
        {
            var where = $"order {Iso.Time(o.Time)} {o.Exchange} {o.Symbol}";
            var bar = hours[(o.Asset, o.Time.Date.AddHours(o.Time.Hour))];
            Check(o.Usd == Math.Round(o.Price * o.Quantity, 2, MidpointRounding.AwayFromZero), $"{where}: usd is not price × quantity");
            Check(o.Usd >= 100_000m, $"{where}: below $100,000");
            Check(o.Price >= bar.Low && o.Price <= bar.High, $"{where}: price {o.Price} outside the hour's range {bar.Low}–{bar.High}");
            Check(o.Symbol == Exchanges.Symbol(o.Exchange, o.Asset), $"{where}: symbol does not follow the exchange's naming");
        }

        Check(orders.Select(o => (o.Exchange, o.Symbol, o.Time, o.Side, o.Price, o.Quantity)).Distinct().Count() == orders.Count, "duplicate single orders");
        var days = orders.GroupBy(o => Iso.DayOf(o.Time)).ToDictionary(g => g.Key, g => g.ToList());
        Check(days.Keys.Order().SequenceEqual(OrderDays), $"single orders on {string.Join(", ", days.Keys.Order().Select(Iso.Date))}");
        Report("Single orders:");
        foreach (var (day, list) in days.OrderBy(kv => kv.Key))
        {
            var top = list.MaxBy(o => o.Usd)!;
            Report($"  {Iso.Date(day)}: {list.Count} orders, largest {top.Exchange} {top.Symbol} {DatasetWriter.SideText(top.Side)} {Usd(top.Usd)} → {Num.Headline(top.Usd)}");
            Check(list.Count is >= 150 and <= 400, $"{Iso.Date(day)}: {list.Count} single orders, expected 150–400");
        }

        var feb3 = days[Iso.Day("2025-02-03")].MaxBy(o => o.Usd)!;
        Check(feb3 is { Exchange: "Binance", Symbol: "ETHUSDT", Side: Side.Long } && Num.Headline(feb3.Usd) == "$25.6 million",
            "2025-02-03: the largest order must be Binance ETHUSDT long, $25.6 million");
        var jan27 = days[Iso.Day("2025-01-27")].MaxBy(o => o.Usd)!;
        Check(jan27 is { Exchange: "HTX", Symbol: "BTC-USDT", Side: Side.Long } && jan27.Usd is > 98_000_000m and < 99_000_000m,
            "2025-01-27: the largest order must be HTX BTC-USDT long, over $98 million");

        var bucketIndex = buckets.Where(b => b.Interval == "1h").ToDictionary(b => (b.Time, b.Asset, b.Exchange, b.Side));
        foreach (var g in orders.GroupBy(o => (Time: o.Time.Date.AddHours(o.Time.Hour), o.Asset, o.Exchange, o.Side)))
        {
            var ok = bucketIndex.TryGetValue(g.Key, out var bucket);
            Check(ok && bucket!.Usd >= g.Sum(o => o.Usd) && bucket.Orders >= g.Count(),
                $"bucket {Iso.Time(g.Key.Time)} {g.Key.Asset} {g.Key.Exchange} {g.Key.Side} holds less than its single orders");
        }
    }

    private void CheckMarket(List<MarketDay> market)
    {
        Check(market.Select(m => m.Date).SequenceEqual(AllDays), "market.csv must have one row per day of both periods, in order");
        var traders = market.Where(m => m.TradersLiquidated is not null).ToDictionary(m => m.Date, m => m.TradersLiquidated!.Value);
        Check(traders.Count == MarketBuilder.TradersLiquidated.Count && MarketBuilder.TradersLiquidated.All(kv => traders.GetValueOrDefault(kv.Key) == kv.Value),
            "traders_liquidated must be filled only on the published days");
        var cap = market.ToDictionary(m => m.Date, m => m.TotalMarketCapUsd);
        var latePeak = market.Where(m => SampleCalendar.Late.Contains(m.Date)).MaxBy(m => m.TotalMarketCapUsd)!;
        var earlyFeb = market.Where(m => m.Date >= Iso.Day("2025-02-01") && m.Date <= Iso.Day("2025-02-07")).ToList();
        Report("Market:");
        Report($"  traders liquidated: {string.Join(", ", traders.Select(kv => $"{Iso.Date(kv.Key)} {kv.Value:#,0}"))}");
        Report($"  total market cap 2025-10-06 {Num.Headline(cap[Iso.Day("2025-10-06")] / 1000m).Replace("billion", "trillion", StringComparison.Ordinal)}, "
            + $"2026-02-06 {Num.Headline(cap[Iso.Day("2026-02-06")] / 1000m).Replace("billion", "trillion", StringComparison.Ordinal)}, "
            + $"late-period peak {Iso.Date(latePeak.Date)}; early Feb 2025 {earlyFeb.Min(m => m.TotalMarketCapUsd) / 1e12m:0.00}–{earlyFeb.Max(m => m.TotalMarketCapUsd) / 1e12m:0.00} T");
        Check(cap[Iso.Day("2025-10-06")] is > 4.25e12m and < 4.35e12m, "2025-10-06 market cap must be about $4.3 trillion");
        Check(cap[Iso.Day("2026-02-06")] is > 2.45e12m and < 2.55e12m, "2026-02-06 market cap must be about $2.5 trillion");
        Check(latePeak.Date >= Iso.Day("2025-10-03") && latePeak.Date <= Iso.Day("2025-10-08"), "the market-cap peak must be around 6 Oct 2025");
        Check(earlyFeb.All(m => m.TotalMarketCapUsd is > 3.2e12m and < 3.6e12m), "early February 2025 market cap must be $3.2–3.6 trillion");
    }

    private void CheckDerivatives(List<DerivativesPoint> points)
    {
        var expected = SampleCalendar.Periods.Sum(p => p.Hours / 8) * Assets.Crypto.Count;
        Check(points.Count == expected && points.All(p => p.Time.Hour % 8 == 0 && p.Time.Minute == 0), $"derivatives: {points.Count} points, expected {expected} at 00/08/16 UTC");
        Check(points.All(p => p.OpenInterestUsd > 0 && Math.Abs(p.FundingRate) < 0.05m), "derivatives: open interest must be positive, funding a fraction");
        var at = points.ToDictionary(p => (p.Asset, p.Time));
        decimal Oi(string asset, string time) => at[(asset, Iso.At(time))].OpenInterestUsd;
        double Ratio(string asset, string to, string from) => (double)(Oi(asset, to) / Oi(asset, from)) - 1;

        Report("Derivatives (BTC open interest; funding per 8 h):");
        var early = points.Where(p => p.Asset == "BTC" && SampleCalendar.Early.Contains(Iso.DayOf(p.Time))).ToList();
        var preOct = points.Where(p => p.Asset == "BTC" && p.Time >= Iso.At("2025-10-01") && p.Time <= Iso.At("2025-10-10")).Max(p => p.OpenInterestUsd);
        Report($"  early-period range {Num.Headline(early.Min(p => p.OpenInterestUsd))}–{Num.Headline(early.Max(p => p.OpenInterestUsd))}; before 10 Oct {Num.Headline(preOct)}; "
            + $"ETH 10 Oct {Num.Headline(Oi("ETH", "2025-10-10"))}");
        Check(early.Min(p => p.OpenInterestUsd) > 45e9m && early.Max(p => p.OpenInterestUsd) < 67e9m, "BTC open interest early 2025 must be about $55–65 B");
        Check(preOct is > 88e9m and < 96e9m, "BTC open interest before 10 Oct 2025 must be about $90–95 B");

        // (event day, start of its build-up week); the 3 Feb build-up starts after the 27 Jan flush.
        (string Day, string From)[] events =
        [
            ("2025-01-27", "2025-01-20"), ("2025-02-03", "2025-01-28"), ("2025-10-10", "2025-10-03"),
            ("2026-01-31", "2026-01-24"), ("2026-02-05", "2026-02-01"), ("2026-02-06", "2026-01-30"),
        ];
        var drops = new Dictionary<string, double>();
        foreach (var (day, from) in events)
        {
            var next = Iso.Date(Iso.Day(day).AddDays(1));
            var rise = Ratio("BTC", day, from);
            drops[day] = Ratio("BTC", next, day);
            var eve = points.Where(p => p.Asset == "BTC" && Iso.DayOf(p.Time) == Iso.Day(day).AddDays(-1)).Average(p => (double)p.FundingRate);
            var after = points.Where(p => p.Asset == "BTC" && p.Time > Iso.At(day) && p.Time <= Iso.At(next).AddHours(8)).Min(p => p.FundingRate);
            Report($"  {day}: OI {Pct(rise)} since {from}, {Pct(drops[day])} across the day; funding the day before {eve:0.00000}, lowest after {after:0.00000}");
            if (day != "2026-02-06")
            {
                Check(rise is >= 0.10 and <= 0.15, $"{day}: BTC open interest must rise 10–15 % in the build-up");
            }

            Check(drops[day] is >= -0.25 and <= -0.10, $"{day}: BTC open interest must drop 10–25 % across the day");
            Check(eve is >= 0.0003 and <= 0.0008 || day == "2026-02-06", $"{day}: funding must be elevated the day before");
            Check(after < 0, $"{day}: funding must turn negative after the crash");
        }

        Check(drops.MinBy(kv => kv.Value).Key == "2025-10-10", "10 Oct 2025 must have the largest open-interest flush");
    }
}
