using System.Globalization;
using ReportForge.Reporting.Templates;

namespace ReportForge.Reporting.Charts;

/// <summary>How chart labels write figures: compact money and prices sized to the step between ticks.</summary>
internal static class ChartFormat
{
    private static CultureInfo Culture => BriefFormat.Culture;

    /// <summary>$2.03B, $881M, $25.6M, $512K, $0 — short enough to sit over a bar.</summary>
    public static string CompactMoney(double usd)
    {
        var value = Math.Abs(usd);
        var (scale, suffix) = value switch
        {
            >= 999.5e9 => (1e12, "T"),
            >= 999.5e6 => (1e9, "B"),
            >= 999.5e3 => (1e6, "M"),
            >= 999.5 => (1e3, "K"),
            _ => (1d, ""),
        };
        var scaled = value / scale;
        var decimals = scale == 1 || scaled >= 100 ? 0 : scaled >= 10 ? 1 : 2;
        return (usd < 0 ? "\u2212" : "") + "$" + scaled.ToString("F" + decimals.ToString(Culture), Culture) + suffix;
    }

    /// <summary>An axis tick of money: as few decimals as the step needs.</summary>
    public static string MoneyTick(double usd, double step)
    {
        if (usd == 0)
        {
            return "$0";
        }

        var (scale, suffix) = Math.Max(Math.Abs(usd), step) switch
        {
            >= 1e12 => (1e12, "T"),
            >= 1e9 => (1e9, "B"),
            >= 1e6 => (1e6, "M"),
            >= 1e3 => (1e3, "K"),
            _ => (1d, ""),
        };
        var decimals = Decimals(step / scale);
        return "$" + (usd / scale).ToString("F" + decimals.ToString(Culture), Culture) + suffix;
    }

    /// <summary>A price tick: $92,000, $3,150, $0.3250.</summary>
    public static string PriceTick(double price, double step) =>
        "$" + price.ToString("#,0" + (Decimals(step) > 0 ? "." + new string('0', Decimals(step)) : ""), Culture);

    /// <summary>A price label as the brief writes prices.</summary>
    public static string Price(double price) => BriefFormat.Price(price);

    public static string Day(DateTimeOffset time) => time.ToString("d MMM", Culture);

    public static string Hour(DateTimeOffset time) => time.ToString("HH:mm", Culture);

    private static int Decimals(double step)
    {
        for (var decimals = 0; decimals < 6; decimals++)
        {
            var scaled = step * Math.Pow(10, decimals);
            if (Math.Abs(scaled - Math.Round(scaled)) < 1e-6)
            {
                return decimals;
            }
        }

        return 6;
    }
}
