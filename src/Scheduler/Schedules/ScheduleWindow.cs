using ReportForge.Reporting.Analysis;

namespace ReportForge.Scheduler.Schedules;

/// <summary>The window a scheduled brief covers: a whole local day in the schedule's time zone.</summary>
public static class ScheduleWindow
{
    /// <summary>The local day <see cref="ScheduleDefinition.WindowDaysBack"/> days before the day of <paramref name="scheduledFor"/>.</summary>
    public static BriefWindow For(ScheduleDefinition schedule, DateTimeOffset scheduledFor)
    {
        var zone = schedule.Zone;
        var localDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(scheduledFor, zone).DateTime);
        return BriefWindow.ForDate(localDay.AddDays(-schedule.WindowDaysBack), zone);
    }
}
