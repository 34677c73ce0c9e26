namespace ReportForge.Reporting.Analysis;

/// <summary>The span a brief covers, [Start, End), and the time zone it is written in.</summary>
public sealed record BriefWindow(DateTimeOffset Start, DateTimeOffset End, TimeZoneInfo TimeZone)
{
    /// <summary>The calendar day <paramref name="date"/> from 00:00 to 24:00 in <paramref name="timeZone"/>.</summary>
    public static BriefWindow ForDate(DateOnly date, TimeZoneInfo timeZone)
    {
        var start = LocalMidnight(date, timeZone);
        var end = LocalMidnight(date.AddDays(1), timeZone);
        return new BriefWindow(start, end, timeZone);
    }

    /// <summary>The 24 hours ending at <paramref name="end"/> (a flash brief).</summary>
    public static BriefWindow Trailing24Hours(DateTimeOffset end, TimeZoneInfo timeZone) =>
        new(end.AddHours(-24).ToUniversalTime(), end.ToUniversalTime(), timeZone);

    /// <summary>The local calendar date the window starts on.</summary>
    public DateOnly LocalDate => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(Start, TimeZone).DateTime);

    /// <summary>True when the window is exactly one UTC calendar day, the granularity of daily market figures.</summary>
    public bool IsUtcDay => Start.Offset == TimeSpan.Zero && Start.UtcDateTime.TimeOfDay == TimeSpan.Zero && End - Start == TimeSpan.FromDays(1);

    /// <summary>A time expressed in the window's time zone.</summary>
    public DateTimeOffset ToLocal(DateTimeOffset time) => TimeZoneInfo.ConvertTime(time, TimeZone);

    private static DateTimeOffset LocalMidnight(DateOnly date, TimeZoneInfo timeZone)
    {
        var local = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        // Midnight can fall in a daylight-saving gap; the day then starts at the first valid instant.
        while (timeZone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30);
        }

        return new DateTimeOffset(local, timeZone.GetUtcOffset(local)).ToUniversalTime();
    }
}
