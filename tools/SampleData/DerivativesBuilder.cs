namespace ReportForge.SampleData;

/// <summary>Open interest and funding of one asset at one 8-hour funding time.</summary>
internal sealed record DerivativesPoint(DateTime Time, string Asset, decimal OpenInterestUsd, decimal FundingRate);

/// <summary>
/// Open interest = coins held open × price × a leverage cycle. The cycle is pinned at dated points, some as
/// a ratio to an earlier point ("+12.5 % over the week before", "−21 % across the day"), so the build-ups and
/// flushes the briefs cite come out exactly. Funding sits at the 0.01 % baseline, climbs in the build-ups and
/// turns negative after each crash.
/// </summary>
internal static class DerivativesBuilder
{
    /// <summary>A leverage-cycle point: an absolute level, or a ratio of open interest to an earlier point.</summary>
    private sealed record CycleKey(string At, double Value, string? RelativeTo = null);

    private sealed record FundingEvent(string CrashAt, double Peak, double Flush);

    private static readonly CycleKey[] Cycle =
    [
        new("2024-11-15", 1.00), new("2024-12-05", 1.08), new("2024-12-10", 0.94), new("2024-12-17", 1.05),
        new("2024-12-20 16", 0.95), new("2025-01-06 16", 1.02), new("2025-01-13 16", 0.94), new("2025-01-20", 1.00),
        new("2025-01-27", 1.125, "2025-01-20"), new("2025-01-27 08", 0.97, "2025-01-27"), new("2025-01-27 16", 0.90, "2025-01-27"),
        new("2025-01-28", 0.86, "2025-01-27"),
        // The 3 Feb build-up is measured from the trough after the 27 Jan flush: the two events are only a week apart.
        new("2025-02-03", 1.13, "2025-01-28"), new("2025-02-03 08", 0.84, "2025-02-03"), new("2025-02-04", 0.82, "2025-02-03"),
        new("2025-02-10", 1.03, "2025-02-04"), new("2025-02-15 16", 1.05, "2025-02-04"),

        new("2025-08-01", 1.00), new("2025-08-14", 1.08), new("2025-08-20", 0.97), new("2025-09-22", 1.04),
        new("2025-09-23", 0.95), new("2025-10-03", 0.98),
        new("2025-10-10", 1.13, "2025-10-03"), new("2025-10-10 16", 1.01, "2025-10-10"), new("2025-10-11", 0.79, "2025-10-10"),
        new("2025-10-11 08", 0.98, "2025-10-11"),
        new("2025-11-01", 0.84), new("2025-11-21 16", 0.80), new("2025-12-15", 0.82), new("2026-01-14 16", 0.88), new("2026-01-24", 0.85),
        new("2026-01-31", 1.12, "2026-01-24"), new("2026-01-31 16", 0.94, "2026-01-31"), new("2026-02-01", 0.83, "2026-01-31"),
        new("2026-02-05", 1.11, "2026-02-01"), new("2026-02-06", 0.88, "2026-02-05"), new("2026-02-06 08", 0.87, "2026-02-06"),
        new("2026-02-07", 0.86, "2026-02-06"), new("2026-02-14 16", 1.05, "2026-02-07"),
    ];

    private static readonly FundingEvent[] FundingEvents =
    [
        new("2025-01-27 14", 0.00045, 0.00035),
        new("2025-02-03", 0.00040, 0.00050),
        new("2025-10-10 21", 0.00065, 0.00080),
        new("2026-01-31 14", 0.00035, 0.00040),
        new("2026-02-05 14", 0.00030, 0.00030),
        new("2026-02-06 01", 0.0, 0.00060),
    ];

    // Coins (contracts in the base asset) held open across venues, early and late period.
    private static readonly Dictionary<string, Piecewise> OpenCoins = new()
    {
        ["BTC"] = new(("2024-11-15", 612_000), ("2025-02-16", 530_000), ("2025-08-01", 675_000), ("2025-10-01", 690_000), ("2026-02-15", 690_000)),
        ["ETH"] = new(("2024-11-15", 8.0e6), ("2025-02-16", 8.4e6), ("2025-08-01", 12.0e6), ("2025-10-01", 12.5e6), ("2026-02-15", 12.8e6)),
        ["SOL"] = new(("2024-11-15", 26e6), ("2025-02-16", 28e6), ("2025-08-01", 55e6), ("2025-10-01", 60e6), ("2026-02-15", 64e6)),
        ["XRP"] = new(("2024-11-15", 1.6e9), ("2025-02-16", 1.9e9), ("2025-08-01", 2.7e9), ("2025-10-01", 2.9e9), ("2026-02-15", 3.0e9)),
        ["DOGE"] = new(("2024-11-15", 9.5e9), ("2025-02-16", 10.5e9), ("2025-08-01", 16e9), ("2025-10-01", 17e9), ("2026-02-15", 17.5e9)),
    };

    // Altcoin leverage swings harder than bitcoin's.
    private static readonly Dictionary<string, double> Swing = new() { ["BTC"] = 1.0, ["ETH"] = 1.05, ["SOL"] = 1.1, ["XRP"] = 1.08, ["DOGE"] = 1.1 };

    public static List<DerivativesPoint> Build(CandleBook candles, int seed)
    {
        var rng = new Rng(seed);
        var points = new List<DerivativesPoint>();
        foreach (var period in SampleCalendar.Periods)
        {
            var times = Enumerable.Range(0, period.Hours / 8).Select(i => period.Start.AddHours(8 * i)).ToList();
            foreach (var asset in Assets.Crypto)
            {
                var effective = EffectivePrices(candles, asset.Symbol, period, times);
                var cycle = CycleLevels(asset.Symbol, period, times, effective);
                var keyIndexes = Cycle.Select(k => times.IndexOf(Iso.At(k.At))).Where(i => i >= 0).ToList();
                var noise = 0.0;
                for (var i = 0; i < times.Count; i++)
                {
                    // Noise shrinks near the pinned points so the cited build-ups and flushes stay within a point of their targets.
                    noise = (0.8 * noise) + (0.007 * rng.Normal());
                    var envelope = Math.Min(1.0, 0.3 + (keyIndexes.Min(k => Math.Abs(k - i)) / 3.0));
                    var oi = OpenCoins[asset.Symbol][times[i]] * effective[i] * cycle[i] * Math.Exp(noise * envelope);
                    points.Add(new DerivativesPoint(times[i], asset.Symbol, Num.Round(oi, 2), Num.Round(Funding(asset, times[i], candles, rng), 8)));
                }
            }
        }

        return [.. points.OrderBy(p => p.Time).ThenBy(p => Assets.Crypto.ToList().FindIndex(a => a.Symbol == p.Asset))];
    }

    // Dollar open interest follows the price, but half through a slow average: positions are not marked to a single print.
    private static double[] EffectivePrices(CandleBook candles, string asset, Period period, List<DateTime> times)
    {
        var result = new double[times.Count];
        var ema = (double)candles.Hour(asset, period.Start).Open;
        var next = 0;
        for (var h = 0; h < period.Hours && next < times.Count; h++)
        {
            var time = period.Start.AddHours(h);
            var spot = (double)candles.Hour(asset, time).Open;
            ema += (spot - ema) / 60;
            if (time == times[next])
            {
                result[next++] = Math.Sqrt(ema * spot);
            }
        }

        return result;
    }

    private static double[] CycleLevels(string asset, Period period, List<DateTime> times, double[] effective)
    {
        var coins = OpenCoins[asset];
        var known = new SortedDictionary<DateTime, double>();
        foreach (var key in Cycle.Where(k => period.Contains(Iso.DayOf(Iso.At(k.At)))))
        {
            var time = Iso.At(key.At);
            var index = times.IndexOf(time);
            if (index < 0)
            {
                throw new InvalidOperationException($"Cycle point {key.At} is not a funding time.");
            }

            if (key.RelativeTo is null)
            {
                known[time] = key.Value;
                continue;
            }

            var reference = Iso.At(key.RelativeTo);
            var refIndex = times.IndexOf(reference);
            var ratio = 1 + ((key.Value - 1) * Swing[asset]);
            var referenceOi = coins[reference] * effective[refIndex] * known[reference];
            known[time] = referenceOi * ratio / (coins[time] * effective[index]);
        }

        var keys = known.ToList();
        return [.. times.Select(t =>
        {
            if (t <= keys[0].Key)
            {
                return keys[0].Value;
            }

            var after = keys.FindIndex(k => k.Key >= t);
            if (after < 0)
            {
                return keys[^1].Value;
            }

            var (t0, v0) = (keys[after - 1].Key, keys[after - 1].Value);
            var (t1, v1) = (keys[after].Key, keys[after].Value);
            return v0 + ((v1 - v0) * (t - t0).TotalHours / (t1 - t0).TotalHours);
        })];
    }

    private static double Funding(CryptoAsset asset, DateTime time, CandleBook candles, Rng rng)
    {
        var alt = asset.Symbol == "BTC" ? 1.0 : 1.25;

        // Most prints sit exactly on the 0.01 % per 8 h baseline; a rising market pays a little more.
        var rate = 0.0001;
        var draw = rng.Normal();
        if (rng.Uniform() > 0.45)
        {
            var weekAgo = time.AddDays(-7);
            var trend = SampleCalendar.Periods.Any(p => weekAgo >= p.Start && time < p.End)
                ? Math.Log((double)candles.Hour(asset.Symbol, time).Open / (double)candles.Hour(asset.Symbol, weekAgo).Open)
                : 0;
            rate += (0.00003 * draw) + Math.Clamp(0.0012 * trend, -0.00012, 0.00012);
        }

        foreach (var e in FundingEvents)
        {
            var crash = Iso.At(e.CrashAt);
            if (time >= crash.AddDays(-7) && time < crash)
            {
                rate += e.Peak * alt * Math.Min(1.0, (time - crash.AddDays(-7)).TotalDays / 6);
            }
            else if (time >= crash)
            {
                var prints = Math.Floor((time - crash).TotalHours / 8);
                rate -= e.Flush * alt * Math.Pow(0.55, prints);
            }
        }

        return Math.Clamp(rate, -0.003, 0.003);
    }
}
