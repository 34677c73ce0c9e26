using Quartz;
using ReportForge.Scheduler.Schedules;
using ReportForge.Scheduler.Service;

namespace ReportForge.Scheduler.Tests.Schedules;

/// <summary>The trigger the service stores for a schedule, asked for its firings from a chosen instant (the clock is the argument).</summary>
public sealed class DaylightSavingTests
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    private static List<DateTimeOffset> FireTimes(string cron, string zone, DateTimeOffset from, DateTimeOffset to)
    {
        // The service's trigger, started at the test's clock instead of now.
        var trigger = ScheduleService.BuildTrigger(new ScheduleDefinition { Id = "dst", Cron = cron, TimeZone = zone }, new SchedulerOptions())
            .GetTriggerBuilder().StartAt(from).Build();
        var times = new List<DateTimeOffset>();
        DateTimeOffset? after = from;
        while (trigger.GetFireTimeAfter(after) is { } next && next < to)
        {
            times.Add(next);
            after = next;
        }

        return times;
    }

    [Theory]
    [InlineData("2026-03-25", "2026-04-02")] // clocks go forward on Sunday 29 March 2026
    [InlineData("2026-10-21", "2026-10-29")] // clocks go back on Sunday 25 October 2026
    public void Daily_0800_Europe_London_fires_once_per_local_day_at_0800_across_the_change(string fromDay, string toDay)
    {
        var from = DateTimeOffset.Parse(fromDay + "T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var to = DateTimeOffset.Parse(toDay + "T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

        var fires = FireTimes("0 0 8 * * ?", "Europe/London", from, to);

        Assert.Equal((to - from).Days, fires.Count);
        Assert.All(fires, f => Assert.Equal(new TimeSpan(8, 0, 0), TimeZoneInfo.ConvertTime(f, London).TimeOfDay));
        Assert.Equal(fires.Count, fires.Select(f => TimeZoneInfo.ConvertTime(f, London).Date).Distinct().Count());
        // In UTC the firing moves by the hour the clocks moved: 08:00 UTC in winter, 07:00 UTC in summer.
        Assert.Contains(fires, f => f.UtcDateTime.Hour == 8);
        Assert.Contains(fires, f => f.UtcDateTime.Hour == 7);
    }

    [Fact]
    public void The_time_zone_is_set_on_the_trigger_not_taken_from_the_machine()
    {
        var trigger = (ICronTrigger)ScheduleService.BuildTrigger(new ScheduleDefinition { Id = "tz", Cron = "0 0 8 * * ?", TimeZone = "Asia/Tokyo" }, new SchedulerOptions());

        Assert.Equal("Asia/Tokyo", trigger.TimeZone.Id);
        Assert.Equal(CronTriggerMisfireInstruction.FireAndProceed, (CronTriggerMisfireInstruction)trigger.MisfireInstruction);
    }

    [Fact]
    public void The_window_of_a_scheduled_brief_is_the_previous_local_day_even_on_the_short_and_long_days()
    {
        var schedule = new ScheduleDefinition { Id = "w", Cron = "0 0 8 * * ?", TimeZone = "Europe/London", WindowDaysBack = 1 };

        var afterSpring = ScheduleWindow.For(schedule, DateTimeOffset.Parse("2026-03-30T07:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var afterAutumn = ScheduleWindow.For(schedule, DateTimeOffset.Parse("2026-10-26T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(TimeSpan.FromHours(23), afterSpring.End - afterSpring.Start);
        Assert.Equal(new DateOnly(2026, 3, 29), afterSpring.LocalDate);
        Assert.Equal(TimeSpan.FromHours(25), afterAutumn.End - afterAutumn.Start);
        Assert.Equal(new DateOnly(2026, 10, 25), afterAutumn.LocalDate);
    }
}
