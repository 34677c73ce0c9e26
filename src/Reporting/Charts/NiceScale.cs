namespace ReportForge.Reporting.Charts;

/// <summary>Round tick values for an axis: steps of 1, 2, 2.5 or 5 times a power of ten.</summary>
internal static class NiceScale
{
    private static readonly double[] Multiples = [1, 2, 2.5, 5, 10];

    /// <summary>The smallest round step that gives at most <paramref name="maxTicks"/> ticks across [min, max].</summary>
    public static double Step(double min, double max, int maxTicks)
    {
        var span = max - min;
        if (span <= 0 || double.IsNaN(span) || double.IsInfinity(span))
        {
            return Math.Max(Math.Abs(max), 1);
        }

        var rough = span / Math.Max(1, maxTicks - 1);
        var power = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        foreach (var multiple in Multiples)
        {
            var step = multiple * power;
            if (Ticks(min, max, step).Count <= maxTicks)
            {
                return step;
            }
        }

        return 10 * power;
    }

    /// <summary>The multiples of <paramref name="step"/> inside [min, max].</summary>
    public static IReadOnlyList<double> Ticks(double min, double max, double step)
    {
        var ticks = new List<double>();
        var first = Math.Ceiling(min / step - 1e-9);
        for (var k = first; k * step <= max + step * 1e-9; k++)
        {
            // Rounding keeps 0.1 + 0.2 from printing as 0.30000000000000004.
            ticks.Add(Math.Round(k * step, 10));
        }

        return ticks;
    }
}
