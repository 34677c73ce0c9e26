namespace ReportForge.Reporting.Charts;

/// <summary>The series the brief's charts are drawn from, stored with the facts so an archived brief draws the same charts again.</summary>
/// <param name="From">Start of the series: the window's start less <paramref name="DaysBefore"/> days, in the brief's time zone.</param>
/// <param name="To">End of the series: the window's end.</param>
/// <param name="DaysBefore">Days of history drawn before the window.</param>
/// <param name="Prices">One series per charted asset with data in the window.</param>
public sealed record ChartFacts(DateTimeOffset From, DateTimeOffset To, int DaysBefore, IReadOnlyList<PriceSeriesFacts> Prices);

/// <summary>Hourly prices of one asset over the window and the days before, with the window's low.</summary>
public sealed record PriceSeriesFacts(
    string Asset,
    string Name,
    DateTimeOffset WindowStart,
    DateTimeOffset WindowEnd,
    double WindowLow,
    DateTimeOffset WindowLowTime,
    IReadOnlyList<PricePointFacts> Points);

/// <summary>One hourly bar: open time, low, high and close.</summary>
public sealed record PricePointFacts(DateTimeOffset Time, double Low, double High, double Close);
