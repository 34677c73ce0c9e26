using ReportForge.Scheduler.Dashboard.Schedules;

namespace ReportForge.Scheduler.Tests.Dashboard;

public sealed class CronDescriberTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 27, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("0 0 8 * * ?", "Europe/London", "every day at 08:00, Europe/London")]
    [InlineData("0 30 7 ? * MON-FRI", "America/New_York", "every weekday (Monday to Friday) at 07:30, America/New_York")]
    [InlineData("0 0 9 ? * SAT,SUN", "UTC", "every Saturday and Sunday at 09:00, UTC")]
    [InlineData("0 0 8 ? * MON,WED,FRI", "UTC", "every Monday, Wednesday and Friday at 08:00, UTC")]
    [InlineData("0 0 8 ? * 2", "UTC", "every Monday at 08:00, UTC")]
    [InlineData("0 0 8,20 * * ?", "Asia/Singapore", "every day at 08:00 and 20:00, Asia/Singapore")]
    [InlineData("30 15 6 * * ?", "UTC", "every day at 06:15:30, UTC")]
    [InlineData("0 0 8 1 * ?", "UTC", "on day 1 of every month at 08:00, UTC")]
    [InlineData("0 0 8 1,15 * ?", "UTC", "on days 1 and 15 of every month at 08:00, UTC")]
    [InlineData("0 0 18 L * ?", "UTC", "on the last day of every month at 18:00, UTC")]
    [InlineData("0 5 * * * ?", "UTC", "every hour at :05, UTC")]
    [InlineData("0 0 9-17 ? * MON-FRI", "UTC", "every hour from 09:00 to 17:00, every weekday (Monday to Friday), UTC")]
    [InlineData("0 0 */6 * * ?", "UTC", "every 6 hours at :00 (from 00:00), UTC")]
    [InlineData("0 */15 * * * ?", "UTC", "every 15 minutes, UTC")]
    [InlineData("0 * * * * ?", "UTC", "every minute, UTC")]
    [InlineData("*/10 * * * * ?", "UTC", "every 10 seconds, UTC")]
    [InlineData("* * * * * ?", "UTC", "every second, UTC")]
    public void Common_shapes_are_said_in_words(string cron, string zone, string expected) =>
        Assert.Equal(expected, CronDescriber.Describe(cron, zone, Now).Description);

    [Fact]
    public void An_unusual_shape_is_shown_as_its_next_three_firings_in_local_time_of_the_zone()
    {
        // The third Sunday of each month is not a shape the describer knows; the times are London summer time, not UTC.
        var (description, error) = CronDescriber.Describe("0 0 8 ? * 1#3", "Europe/London", Now);
        Assert.Null(error);
        Assert.Equal("next at Sun 19 Apr 2026 08:00:00, Sun 17 May 2026 08:00:00 and Sun 21 Jun 2026 08:00:00 (Europe/London)", description);
    }

    [Theory]
    [InlineData("0 0 25 * * ?", "UTC", "is not a Quartz cron expression")]
    [InlineData("", "UTC", "cron expression is missing")]
    [InlineData("0 0 8 * * ?", "Europe/Atlantis", "not a known IANA time zone")]
    public void A_bad_expression_or_zone_is_explained(string cron, string zone, string expected)
    {
        var (description, error) = CronDescriber.Describe(cron, zone, Now);
        Assert.Null(description);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }
}
