using System.Globalization;

namespace ReportForge.SampleData;

/// <summary>Parsing and formatting of the import format's times, in UTC and the invariant culture.</summary>
internal static class Iso
{
    private static readonly string[] AnchorFormats = ["yyyy-MM-dd HH", "yyyy-MM-dd"];

    /// <summary>"2025-01-27 16" is the instant 16:00 UTC; "2025-01-27" is midnight.</summary>
    public static DateTime At(string text) =>
        DateTime.SpecifyKind(DateTime.ParseExact(text, AnchorFormats, CultureInfo.InvariantCulture, DateTimeStyles.None), DateTimeKind.Utc);

    public static DateOnly Day(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateTime Midnight(DateOnly day) => day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

    public static DateOnly DayOf(DateTime time) => DateOnly.FromDateTime(time);

    public static string Time(DateTime time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Date(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>Fixed-precision text for decimals, so a machine locale never changes a figure.</summary>
internal static class Num
{
    public static string Fixed(decimal value, int decimals) =>
        value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    public static string Money(decimal value) => Fixed(value, 2);

    public static decimal Round(double value, int decimals) => Math.Round((decimal)value, decimals, MidpointRounding.AwayFromZero);

    /// <summary>Money as the seeds and the briefs write it: three significant figures, e.g. "$2.03 billion".</summary>
    public static string Headline(decimal usd)
    {
        var (scaled, unit) = usd >= 1_000_000_000m ? (usd / 1_000_000_000m, "billion") : (usd / 1_000_000m, "million");
        var digits = scaled >= 100m ? 0 : scaled >= 10m ? 1 : 2;
        return "$" + Fixed(Math.Round(scaled, digits, MidpointRounding.AwayFromZero), digits) + " " + unit;
    }

    /// <summary>Splits a total in cents by weights so the parts add up to the total exactly (largest remainder).</summary>
    public static decimal[] Allocate(decimal total, IReadOnlyList<double> weights)
    {
        var cents = (long)Math.Round(total * 100m, MidpointRounding.AwayFromZero);
        var sum = weights.Sum();
        if (weights.Count == 0 || sum <= 0 || cents < 0)
        {
            throw new InvalidOperationException("Allocation needs positive weights and a non-negative total.");
        }

        var parts = new long[weights.Count];
        var remainders = new (double Fraction, int Index)[weights.Count];
        long given = 0;
        for (var i = 0; i < weights.Count; i++)
        {
            var exact = cents * (weights[i] / sum);
            parts[i] = (long)Math.Floor(exact);
            remainders[i] = (exact - parts[i], i);
            given += parts[i];
        }

        // Ties resolve by index so the split is the same on every run.
        foreach (var (_, index) in remainders.OrderByDescending(r => r.Fraction).ThenBy(r => r.Index).Take((int)(cents - given)))
        {
            parts[index]++;
        }

        return [.. parts.Select(p => p / 100m)];
    }
}

/// <summary>Seeded randomness; one instance per concern so changing one part of the data leaves the rest byte-identical.</summary>
internal sealed class Rng(int seed)
{
    private readonly Random _random = new(seed);

    public double Uniform() => _random.NextDouble();

    public int Next(int maxExclusive) => _random.Next(maxExclusive);

    public double Normal()
    {
        // Box-Muller on two draws keeps the sequence independent of any cached second value.
        var u1 = 1.0 - _random.NextDouble();
        var u2 = _random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>A multiplicative factor with median 1.</summary>
    public double LogNormal(double sigma) => Math.Exp(sigma * Normal());

    public int Pick(IReadOnlyList<double> weights)
    {
        var target = Uniform() * weights.Sum();
        for (var i = 0; i < weights.Count; i++)
        {
            target -= weights[i];
            if (target < 0)
            {
                return i;
            }
        }

        return weights.Count - 1;
    }
}

/// <summary>A value that moves linearly between dated points and stays flat outside them.</summary>
internal sealed class Piecewise
{
    private readonly (DateTime Time, double Value)[] _points;

    public Piecewise(params (string At, double Value)[] points) =>
        _points = [.. points.Select(p => (Iso.At(p.At), p.Value)).OrderBy(p => p.Item1)];

    public double this[DateTime time]
    {
        get
        {
            if (time <= _points[0].Time)
            {
                return _points[0].Value;
            }

            for (var i = 1; i < _points.Length; i++)
            {
                if (time <= _points[i].Time)
                {
                    var (t0, v0) = _points[i - 1];
                    var (t1, v1) = _points[i];
                    var f = (time - t0).TotalHours / (t1 - t0).TotalHours;
                    return v0 + ((v1 - v0) * f);
                }
            }

            return _points[^1].Value;
        }
    }
}
