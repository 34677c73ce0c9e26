using System.Globalization;

namespace ReportForge.Reporting.Templates;

/// <summary>How a brief writes figures: money to three significant figures in words, prices with separators, signed percentages.</summary>
public static class BriefFormat
{
    /// <summary>The culture every figure is written in, whatever the machine's locale.</summary>
    public static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("en-US");

    private const char Minus = '\u2212';

    /// <summary>$2.03 billion, $881 million, $25.6 million, $4.30 trillion, $512,000.</summary>
    public static string Money(double usd)
    {
        var sign = usd < 0 ? Minus.ToString() : "";
        var value = Math.Abs(usd);
        (double scale, string word) = value switch
        {
            >= 999.5e9 => (1e12, " trillion"),
            >= 999.5e6 => (1e9, " billion"),
            >= 999.5e3 => (1e6, " million"),
            _ => (1d, ""),
        };
        if (scale == 1)
        {
            return sign + "$" + ThreeSignificant(value).ToString("#,0", Culture);
        }

        var scaled = ThreeSignificant(value) / scale;
        var decimals = scaled >= 100 ? 0 : scaled >= 10 ? 1 : 2;
        return sign + "$" + scaled.ToString("F" + decimals.ToString(Culture), Culture) + word;
    }

    /// <summary>A price: $92,000, $3,100, $245.30, $0.3215.</summary>
    public static string Price(double price)
    {
        var format = Math.Abs(price) switch
        {
            >= 1000 => "#,0",
            >= 1 => "#,0.00",
            _ => "0.0000",
        };
        return "$" + price.ToString(format, Culture);
    }

    /// <summary>A signed change with one decimal: +2.4 %, −8.0 %.</summary>
    public static string SignedPercent(double percent)
    {
        var rounded = Math.Round(percent, 1, MidpointRounding.AwayFromZero);
        var text = Math.Abs(rounded).ToString("F1", Culture);
        return (rounded > 0 ? "+" : rounded < 0 ? Minus.ToString() : "") + text + "\u00A0%";
    }

    /// <summary>An unsigned percentage with one decimal: 8.0 %.</summary>
    public static string Percent(double percent) => Math.Abs(percent).ToString("F1", Culture) + "\u00A0%";

    /// <summary>A share of a whole (0.87) as a whole percentage: 87 %.</summary>
    public static string Share(double fraction) => (fraction * 100).ToString("F0", Culture) + "\u00A0%";

    /// <summary>A small rate in percent with three decimals, signed only when negative: 0.010 %, −0.012 %.</summary>
    public static string Rate(double percent)
    {
        var rounded = Math.Round(percent, 3, MidpointRounding.AwayFromZero);
        return (rounded < 0 ? Minus.ToString() : "") + Math.Abs(rounded).ToString("F3", Culture) + "\u00A0%";
    }

    /// <summary>A whole number as a word up to ten ("three"), else in digits.</summary>
    public static string Number(double count)
    {
        var rounded = (long)Math.Round(count, MidpointRounding.AwayFromZero);
        return rounded is >= 0 and <= 10 ? SmallNumbers[rounded] : Count(rounded);
    }

    /// <summary>An ordinal as a word up to the tenth ("third"), else 11th, 22nd, 103rd.</summary>
    public static string Ordinal(double rank)
    {
        var n = (long)Math.Round(rank, MidpointRounding.AwayFromZero);
        if (n is >= 1 and <= 10)
        {
            return SmallOrdinals[n];
        }

        var suffix = (n % 100) is 11 or 12 or 13 ? "th" : (n % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" };
        return n.ToString("#,0", Culture) + suffix;
    }

    private static readonly string[] SmallNumbers = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];

    private static readonly string[] SmallOrdinals = ["zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"];

    /// <summary>A count with thousands separators: 700,600.</summary>
    public static string Count(double count) => count.ToString("#,0", Culture);

    /// <summary>A date as the brief writes it: 3 February 2025.</summary>
    public static string Date(DateTimeOffset time) => time.ToString("d MMMM yyyy", Culture);

    private static double ThreeSignificant(double value)
    {
        if (value == 0)
        {
            return 0;
        }

        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(value)) - 2);
        return Math.Round(value / magnitude, MidpointRounding.AwayFromZero) * magnitude;
    }
}
