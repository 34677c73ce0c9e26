namespace ReportForge.SampleData;

/// <summary>One continuous stretch of sample data, [First, EndExclusive) in UTC days.</summary>
internal sealed record Period(string Name, DateOnly First, DateOnly EndExclusive)
{
    public DateTime Start => Iso.Midnight(First);

    public DateTime End => Iso.Midnight(EndExclusive);

    public int Hours => (int)(End - Start).TotalHours;

    public IEnumerable<DateOnly> Days()
    {
        for (var day = First; day < EndExclusive; day = day.AddDays(1))
        {
            yield return day;
        }
    }

    public bool Contains(DateOnly day) => day >= First && day < EndExclusive;
}

/// <summary>The two covered periods and the US equity calendar for the Nasdaq-100 bars.</summary>
internal static class SampleCalendar
{
    // The DeepSeek/tariff weeks of early 2025, and the October 2025 crash through the February 2026 sell-off.
    public static readonly Period Early = new("2024-11 to 2025-02", new DateOnly(2024, 11, 15), new DateOnly(2025, 2, 16));
    public static readonly Period Late = new("2025-08 to 2026-02", new DateOnly(2025, 8, 1), new DateOnly(2026, 2, 15));

    public static readonly IReadOnlyList<Period> Periods = [Early, Late];

    // Full-day US market closures inside the periods; 9 Jan 2025 was the national day of mourning for President Carter.
    private static readonly HashSet<DateOnly> UsHolidays =
    [
        new(2024, 11, 28), new(2024, 12, 25), new(2025, 1, 1), new(2025, 1, 9), new(2025, 1, 20),
        new(2025, 9, 1), new(2025, 11, 27), new(2025, 12, 25), new(2026, 1, 1), new(2026, 1, 19),
    ];

    public static bool IsUsTradingDay(DateOnly day) =>
        day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !UsHolidays.Contains(day);

    public static Period PeriodOf(DateOnly day) =>
        Periods.FirstOrDefault(p => p.Contains(day)) ?? throw new ArgumentOutOfRangeException(nameof(day), day, "outside the sample periods");
}
