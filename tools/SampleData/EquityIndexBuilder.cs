namespace ReportForge.SampleData;

/// <summary>
/// Nasdaq-100 daily bars on US trading days, for the "stocks fell the same day" evidence. Closes are bridged
/// between dated anchors; the sell-off days the briefs cite are anchored on consecutive sessions so their
/// change is exact.
/// </summary>
internal static class EquityIndexBuilder
{
    // Closes near the real index levels; the drop days are pinned against the session before.
    private static readonly (string Day, double Close)[] Anchors =
    [
        ("2024-11-15", 20_394.13), ("2024-11-22", 20_741.50), ("2024-11-29", 20_930.40), ("2024-12-06", 21_622.30),
        ("2024-12-16", 22_096.80), ("2024-12-17", 21_980.10), ("2024-12-18", 21_209.30), ("2024-12-20", 21_289.20),
        ("2024-12-27", 21_393.10), ("2024-12-31", 21_012.20), ("2025-01-06", 21_550.40), ("2025-01-10", 20_847.60),
        ("2025-01-13", 20_799.90), ("2025-01-15", 21_238.00), ("2025-01-17", 21_505.90), ("2025-01-23", 21_760.30),
        // 27 Jan 2025, DeepSeek: −2.97 % from the 24 Jan close.
        ("2025-01-24", 21_708.40), ("2025-01-27", 21_063.70), ("2025-01-28", 21_413.40), ("2025-01-31", 21_478.00),
        ("2025-02-03", 21_297.70), ("2025-02-07", 21_491.20), ("2025-02-12", 21_721.00), ("2025-02-14", 21_885.60),

        ("2025-08-01", 22_763.30), ("2025-08-08", 23_612.40), ("2025-08-13", 23_849.90), ("2025-08-19", 23_385.20),
        ("2025-08-22", 23_498.30), ("2025-08-29", 23_415.40), ("2025-09-05", 23_652.40), ("2025-09-12", 24_092.20),
        ("2025-09-19", 24_626.30), ("2025-09-26", 24_503.60), ("2025-10-03", 24_785.50), ("2025-10-08", 25_127.20),
        // 10 Oct 2025: the tariff reversal, about −3.5 %.
        ("2025-10-09", 25_098.40), ("2025-10-10", 24_221.80), ("2025-10-17", 24_818.40), ("2025-10-24", 25_358.20),
        ("2025-10-29", 25_510.30), ("2025-10-31", 25_460.10), ("2025-11-07", 25_060.20), ("2025-11-13", 24_993.50),
        ("2025-11-20", 24_054.40), ("2025-11-28", 25_050.10), ("2025-12-05", 25_400.30), ("2025-12-12", 25_200.80),
        ("2025-12-17", 24_650.20), ("2025-12-24", 25_400.60), ("2025-12-31", 25_250.70), ("2026-01-09", 25_520.40),
        ("2026-01-16", 25_480.10), ("2026-01-23", 25_350.90),
        // Early February 2026: the cross-asset sell-off days.
        ("2026-01-29", 25_280.30), ("2026-01-30", 24_880.20), ("2026-02-02", 24_980.60), ("2026-02-04", 24_760.40),
        ("2026-02-05", 24_310.80), ("2026-02-06", 24_520.30), ("2026-02-13", 24_600.50),
    ];

    public static List<Candle> Build(int seed)
    {
        var rng = new Rng(seed);
        var bars = new List<Candle>();
        foreach (var period in SampleCalendar.Periods)
        {
            var days = period.Days().Where(SampleCalendar.IsUsTradingDay).ToList();
            var closes = BridgeCloses(days, rng);
            var previous = closes[0] * Math.Exp(-0.004);
            for (var i = 0; i < days.Count; i++)
            {
                // Overnight gaps carry part of the move into the open, as on the DeepSeek Monday.
                var gap = (0.35 * Math.Log(closes[i] / previous)) + (0.002 * rng.Normal());
                var open = previous * Math.Exp(gap);
                var high = Math.Max(open, closes[i]) * Math.Exp(0.0035 * Math.Abs(rng.Normal()) + 0.001);
                var low = Math.Min(open, closes[i]) * Math.Exp(-(0.0035 * Math.Abs(rng.Normal())) - 0.001);
                var volume = 255e9 * rng.LogNormal(0.12) * (1 + (12 * Math.Abs(Math.Log(closes[i] / previous))));
                bars.Add(new Candle(Assets.Nasdaq100, "1d", Iso.Midnight(days[i]), Num.Round(open, 2), Num.Round(high, 2),
                    Num.Round(low, 2), Num.Round(closes[i], 2), Num.Round(volume, 2)));
                previous = closes[i];
            }
        }

        return bars;
    }

    private static double[] BridgeCloses(List<DateOnly> days, Rng rng)
    {
        var period = SampleCalendar.PeriodOf(days[0]);
        var keys = Anchors
            .Where(a => period.Contains(Iso.Day(a.Day)))
            .Select(a => (Index: days.IndexOf(Iso.Day(a.Day)), Log: Math.Log(a.Close), a.Day))
            .OrderBy(a => a.Index)
            .ToList();
        if (keys.Any(k => k.Index < 0))
        {
            throw new InvalidOperationException($"Nasdaq-100 anchor {keys.First(k => k.Index < 0).Day} is not a US trading day.");
        }

        if (keys[0].Index != 0 || keys[^1].Index != days.Count - 1)
        {
            throw new InvalidOperationException("Nasdaq-100 anchors must cover the first and last trading day of each period.");
        }

        var log = new double[days.Count];
        for (var s = 1; s < keys.Count; s++)
        {
            var (a, la, _) = keys[s - 1];
            var (b, lb, _) = keys[s];
            var walk = new double[b - a + 1];
            for (var j = a + 1; j <= b; j++)
            {
                walk[j - a] = walk[j - a - 1] + (0.009 * rng.Normal());
            }

            for (var j = a; j <= b; j++)
            {
                var tau = (double)(j - a) / (b - a);
                log[j] = la + walk[j - a] - (tau * (walk[b - a] - (lb - la)));
            }
        }

        return [.. log.Select(Math.Exp)];
    }
}
