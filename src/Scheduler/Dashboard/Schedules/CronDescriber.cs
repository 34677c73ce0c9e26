using System.Globalization;
using Quartz;
using ReportForge.Scheduler.Schedules;

namespace ReportForge.Scheduler.Dashboard.Schedules;

/// <summary>Says a Quartz cron expression in plain words ("every day at 08:00, Europe/London"); shapes it does not know are shown as their next three firings in the zone.</summary>
public static class CronDescriber
{
    private static readonly string[] DayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
    private static readonly string[] DayAbbreviations = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    /// <summary>The description, or an error saying what is wrong with the expression or the zone.</summary>
    public static (string? Description, string? Error) Describe(string? cron, string? timeZone, DateTimeOffset now)
    {
        if (ScheduleValidation.CronError(cron) is { } cronError)
        {
            return (null, cronError);
        }

        if (!ScheduleValidation.IsKnownTimeZone(timeZone))
        {
            return (null, $"'{timeZone}' is not a known IANA time zone: use e.g. UTC, Europe/London or America/New_York.");
        }

        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZone!);
        var words = InWords(cron!.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries));
        return (words is null ? NextFirings(cron, zone, now) : $"{words}, {zone.Id}", null);
    }

    private static string? InWords(string[] f)
    {
        if (f.Length == 7 && f[6] != "*" || f.Length is < 6 or > 7 || f[4] is not ("*" or "?"))
        {
            return null;
        }

        var (sec, min, hour, dom, dow) = (f[0], f[1], f[2], f[3], f[5]);
        var days = Days(dom, dow);
        if (days is null)
        {
            return null;
        }

        var onDays = days == "every day" ? "" : ", " + days;
        if (sec == "*" && min == "*" && hour == "*")
        {
            return "every second" + onDays;
        }

        if (Step(sec) is { } seconds && min == "*" && hour == "*")
        {
            return $"every {seconds} seconds{onDays}";
        }

        if (Number(sec, 59) is not { } s)
        {
            return null;
        }

        var atSecond = s == 0 ? "" : $" at second {s}";
        if (min == "*" && hour == "*")
        {
            return $"every minute{atSecond}{onDays}";
        }

        if (Step(min) is { } minutes && hour == "*")
        {
            return $"every {minutes} minutes{atSecond}{onDays}";
        }

        if (Number(min, 59) is not { } m)
        {
            return null;
        }

        var past = s == 0 ? $":{m:00}" : $":{m:00}:{s:00}";
        if (hour == "*")
        {
            return $"every hour at {past}{onDays}";
        }

        if (Step(hour) is { } hours)
        {
            return $"every {hours} hours at {past} (from 00{past}){onDays}";
        }

        if (hour.Split('-') is [var from, var to] && Number(from, 23) is { } h1 && Number(to, 23) is { } h2 && h1 < h2)
        {
            return $"every hour from {Clock(h1, m, s)} to {Clock(h2, m, s)}{onDays}";
        }

        var times = hour.Split(',').Select(h => Number(h, 23)).ToList();
        if (times.Any(t => t is null))
        {
            return null;
        }

        return $"{days} at {List(times.Select(t => Clock(t!.Value, m, s)).ToList())}";
    }

    private static string? Days(string dom, string dow)
    {
        var anyDom = dom is "*" or "?";
        var anyDow = dow is "*" or "?";
        if (anyDom && anyDow)
        {
            return "every day";
        }

        if (!anyDom && anyDow)
        {
            if (dom == "L")
            {
                return "on the last day of every month";
            }

            var dates = dom.Split(',').Select(d => Number(d, 31)).ToList();
            return dates.Any(d => d is null or 0) ? null
                : dates.Count == 1 ? $"on day {dates[0]} of every month" : $"on days {List(dates.Select(d => d!.Value.ToString(CultureInfo.InvariantCulture)).ToList())} of every month";
        }

        if (anyDom && !anyDow)
        {
            var upper = dow.ToUpperInvariant();
            if (upper is "MON-FRI" or "2-6")
            {
                return "every weekday (Monday to Friday)";
            }

            if (upper is "SAT,SUN" or "SUN,SAT" or "1,7" or "7,1")
            {
                return "every Saturday and Sunday";
            }

            var named = upper.Split(',').Select(DayOfWeek).ToList();
            return named.Any(d => d is null) ? null : "every " + List(named.Select(d => DayNames[d!.Value]).ToList());
        }

        return null;
    }

    private static int? DayOfWeek(string token)
    {
        var index = Array.IndexOf(DayAbbreviations, token);
        if (index >= 0)
        {
            return index;
        }

        return Number(token, 7) is { } n && n >= 1 ? n - 1 : null;
    }

    // "*/15" or "0/15": every 15 from the start.
    private static int? Step(string field) =>
        field.Split('/') is [var start, var step] && start is "*" or "0" && int.TryParse(step, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 1 ? n : null;

    private static int? Number(string field, int max) =>
        int.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= max ? n : null;

    private static string Clock(int hour, int minute, int second) =>
        second == 0 ? $"{hour:00}:{minute:00}" : $"{hour:00}:{minute:00}:{second:00}";

    private static string List(List<string> items) =>
        items.Count == 1 ? items[0] : string.Join(", ", items.Take(items.Count - 1)) + " and " + items[^1];

    private static string NextFirings(string cron, TimeZoneInfo zone, DateTimeOffset now)
    {
        var trigger = TriggerBuilder.Create().StartAt(now).WithCronSchedule(cron, c => c.InTimeZone(zone)).Build();
        var times = new List<string>();
        DateTimeOffset? after = now;
        while (times.Count < 3 && trigger.GetFireTimeAfter(after) is { } next)
        {
            times.Add(TimeZoneInfo.ConvertTime(next, zone).ToString("ddd d MMM yyyy HH:mm:ss", CultureInfo.InvariantCulture));
            after = next;
        }

        return times.Count == 0 ? $"never fires again ({zone.Id})" : $"next at {List(times)} ({zone.Id})";
    }
}
