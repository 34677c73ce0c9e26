namespace ReportForge.SampleData;

/// <summary>
/// Turns anchors into hourly bars: a random walk bridged through every anchor (in log price), kept inside
/// the bands, with wicks and volume added per hour. Each hour opens at the previous hour's close.
/// </summary>
internal sealed class PricePathBuilder(Period period, double[] marketShocks)
{
    /// <summary>How many path points or wicks the bands had to pull in; a large count means the anchors fight the bands.</summary>
    public int Clamped { get; private set; }

    /// <summary>The shared market factor: one standard-normal draw per hour, so the assets move together.</summary>
    public static double[] MarketShocks(Period period, int seed)
    {
        var rng = new Rng(seed);
        return [.. Enumerable.Range(0, period.Hours + 1).Select(_ => rng.Normal())];
    }

    public List<Candle> Build(CryptoAsset asset, AnchorSet anchors)
    {
        var rng = new Rng((asset.Seed * 1000) + (period == SampleCalendar.Early ? 1 : 2));
        var n = period.Hours;
        var sigma = new double[n + 1];
        var step = new double[n + 1];
        var own = Math.Sqrt(1 - (asset.MarketCorrelation * asset.MarketCorrelation));
        for (var k = 1; k <= n; k++)
        {
            var hour = period.Start.AddHours(k - 1);
            sigma[k] = asset.HourlyVolatility * Session(hour);
            var z = (asset.MarketCorrelation * marketShocks[k]) + (own * rng.Normal());

            // Occasional larger hours give the fat tails real hourly returns have.
            if (rng.Uniform() < 0.02)
            {
                z *= 2.5;
            }

            step[k] = sigma[k] * z;
        }

        var path = Bridge(anchors, n, sigma, step, new Rng((asset.Seed * 1000) + 500 + (period == SampleCalendar.Early ? 1 : 2)));
        ClampPath(anchors, path);
        return Bars(asset, anchors, path, sigma, rng);
    }

    private double[] Bridge(AnchorSet anchors, int n, double[] sigma, double[] step, Rng retry)
    {
        var keys = anchors.Points
            .Where(p => p.Key >= period.Start && p.Key <= period.End)
            .Select(p => (Index: (int)(p.Key - period.Start).TotalHours, Log: Math.Log(p.Value)))
            .ToList();
        if (keys.Count < 2 || keys[0].Index != 0 || keys[^1].Index != n)
        {
            throw new InvalidOperationException($"Anchors must pin the first open and the last close of {period.Name}.");
        }

        var path = new double[n + 1];
        for (var s = 1; s < keys.Count; s++)
        {
            var (a, la) = keys[s - 1];
            var (b, lb) = keys[s];

            // A walk that would break out of a band is drawn again (own moves only) rather than forced back,
            // so ranges look like ranges and not like a price pinned to a ceiling.
            for (var attempt = 0; ; attempt++)
            {
                BridgeSegment(path, a, la, b, lb, sigma, step);
                if (attempt == 400 || !LeavesBands(anchors, path, a, b))
                {
                    break;
                }

                for (var j = a + 1; j <= b; j++)
                {
                    step[j] = sigma[j] * retry.Normal() * (retry.Uniform() < 0.02 ? 2.5 : 1);
                }
            }
        }

        return path;
    }

    // Brownian bridge: keep the walk's shape, remove its drift so it lands exactly on the next anchor.
    private static void BridgeSegment(double[] path, int a, double la, int b, double lb, double[] sigma, double[] step)
    {
        double w = 0, v = 0;
        var cumW = new double[b - a + 1];
        var cumV = new double[b - a + 1];
        for (var j = a + 1; j <= b; j++)
        {
            w += step[j];
            v += sigma[j] * sigma[j];
            cumW[j - a] = w;
            cumV[j - a] = v;
        }

        for (var j = a; j <= b; j++)
        {
            var tau = cumV[j - a] / v;
            path[j] = la + cumW[j - a] - (tau * (w - (lb - la)));
        }
    }

    private bool LeavesBands(AnchorSet anchors, double[] path, int a, int b)
    {
        // Inner points keep a little room below a ceiling (and above a floor) for their wicks.
        const double Room = 0.001;
        for (var j = a + 1; j < b; j++)
        {
            var time = period.Start.AddHours(j);
            foreach (var band in anchors.Bands)
            {
                if (time >= band.From && time <= band.To
                    && (path[j] > Math.Log(band.High) - Room || (band.Low > 0 && path[j] < Math.Log(band.Low) + Room)))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private void ClampPath(AnchorSet anchors, double[] path)
    {
        for (var k = 0; k < path.Length; k++)
        {
            var time = period.Start.AddHours(k);
            foreach (var band in anchors.Bands.Where(b => time >= b.From && time <= b.To))
            {
                var hi = Math.Log(band.High);
                if (path[k] > hi)
                {
                    // Fold back inside rather than pin, so a clamped stretch does not print as a flat line.
                    path[k] = hi - (0.3 * (path[k] - hi));
                    Clamped++;
                }

                if (band.Low > 0 && path[k] < Math.Log(band.Low))
                {
                    var lo = Math.Log(band.Low);
                    path[k] = lo + (0.3 * (lo - path[k]));
                    Clamped++;
                }

                path[k] = Math.Clamp(path[k], band.Low > 0 ? Math.Log(band.Low) : double.MinValue, hi);
            }
        }
    }

    private List<Candle> Bars(CryptoAsset asset, AnchorSet anchors, double[] path, double[] sigma, Rng rng)
    {
        var bars = new List<Candle>(path.Length - 1);
        var dailyVolume = period == SampleCalendar.Early ? asset.DailyVolumeUsd.Early : asset.DailyVolumeUsd.Late;
        for (var h = 0; h < path.Length - 1; h++)
        {
            var time = period.Start.AddHours(h);
            var open = Math.Exp(path[h]);
            var close = Math.Exp(path[h + 1]);
            var high = Math.Max(open, close) * Math.Exp(sigma[h + 1] * (0.15 + (0.55 * Math.Abs(rng.Normal()))));
            var low = Math.Min(open, close) * Math.Exp(-sigma[h + 1] * (0.15 + (0.55 * Math.Abs(rng.Normal()))));
            foreach (var band in anchors.Bands.Where(b => time >= b.From && time < b.To))
            {
                // A wick that would poke through lands somewhere short of the edge: only the anchored hour
                // touches a published extreme, so "the high" stays a single bar.
                if (high > band.High)
                {
                    var top = Math.Min(Math.Max(open, close), band.High);
                    high = band.High - ((0.1 + (0.6 * rng.Uniform())) * (band.High - top));
                    Clamped++;
                }

                if (low < band.Low)
                {
                    var bottom = Math.Max(Math.Min(open, close), band.Low);
                    low = band.Low + ((0.1 + (0.6 * rng.Uniform())) * (bottom - band.Low));
                    Clamped++;
                }
            }

            var o = Num.Round(open, asset.PriceDecimals);
            var c = Num.Round(close, asset.PriceDecimals);
            var hi = Math.Max(Num.Round(high, asset.PriceDecimals), Math.Max(o, c));
            var lo = Math.Min(Num.Round(low, asset.PriceDecimals), Math.Min(o, c));
            if (anchors.HourHighs.TryGetValue(time, out var fixedHigh))
            {
                hi = Num.Round(fixedHigh, asset.PriceDecimals);
                if (hi < Math.Max(o, c))
                {
                    throw new InvalidOperationException($"{asset.Symbol} {Iso.Time(time)}: anchored high {hi} is below the bar's open/close.");
                }
            }

            if (anchors.HourLows.TryGetValue(time, out var fixedLow))
            {
                lo = Num.Round(fixedLow, asset.PriceDecimals);
                if (lo > Math.Min(o, c))
                {
                    throw new InvalidOperationException($"{asset.Symbol} {Iso.Time(time)}: anchored low {lo} is above the bar's open/close.");
                }
            }

            // Traded value rises with the size of the move, the way it does in a cascade.
            var move = Math.Abs(Math.Log(close / open)) + (0.5 * Math.Log((double)hi / (double)lo));
            var volume = dailyVolume / 24 * VolumeSession(time) * (0.55 + (60 * move)) * rng.LogNormal(0.22);
            bars.Add(new Candle(asset.Symbol, "1h", time, o, hi, lo, c, Num.Round(volume, 2)));
        }

        return bars;
    }

    // US cash hours move most, the Asian open next; weekends are quieter.
    private static double Session(DateTime hour)
    {
        var f = hour.Hour switch
        {
            >= 13 and <= 20 => 1.25,
            <= 2 => 1.05,
            >= 21 => 0.95,
            _ => 0.85,
        };
        return hour.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? f * 0.75 : f;
    }

    private static double VolumeSession(DateTime hour)
    {
        var f = hour.Hour switch
        {
            >= 13 and <= 20 => 1.3,
            <= 3 => 1.0,
            _ => 0.8,
        };
        return hour.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? f * 0.6 : f;
    }
}
