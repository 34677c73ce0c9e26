using System.Text.RegularExpressions;
using Quartz;

namespace ReportForge.Scheduler.Schedules;

/// <summary>Checks a schedule's fields and says, per field, what is wrong and how to fix it.</summary>
public static partial class ScheduleValidation
{
    /// <summary>Errors by field name; empty when the schedule is valid.</summary>
    public static Dictionary<string, string[]> Validate(
        ScheduleDefinition schedule, IReadOnlyCollection<string> templateSets, IReadOnlyCollection<string> ingestSources)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!IdPattern().IsMatch(schedule.Id))
        {
            errors["id"] = [$"'{schedule.Id}' is not a schedule id: use 1–64 lower-case letters, digits and dashes, e.g. daily-brief."];
        }

        if (schedule.Kind is not (ScheduleDefinition.BriefKind or ScheduleDefinition.IngestKind))
        {
            errors["kind"] = [$"'{schedule.Kind}' is not a schedule kind: use \"brief\" or \"ingest\"."];
        }

        if (CronError(schedule.Cron) is { } cronError)
        {
            errors["cron"] = [cronError];
        }

        if (!IsKnownTimeZone(schedule.TimeZone))
        {
            errors["timeZone"] = [$"'{schedule.TimeZone}' is not a known IANA time zone: use e.g. UTC, Europe/London or America/New_York."];
        }

        if (schedule.Kind == ScheduleDefinition.IngestKind)
        {
            if (string.IsNullOrWhiteSpace(schedule.Source))
            {
                errors["source"] = ["An ingest schedule names the source to ingest: set \"source\"" + KnownList(ingestSources) + "."];
            }
            else if (!ingestSources.Contains(schedule.Source))
            {
                errors["source"] = [$"No collector ingests '{schedule.Source}'" + KnownList(ingestSources) + "."];
            }
        }

        if (!templateSets.Contains(schedule.TemplateSet))
        {
            errors["templateSet"] = [$"'{schedule.TemplateSet}' is not a template set: use one of {string.Join(", ", templateSets)}."];
        }

        if (schedule.WindowDaysBack is < 0 or > 31)
        {
            errors["windowDaysBack"] = [$"{schedule.WindowDaysBack} is out of range: use 0 (the firing day) to 31; 1 briefs the day before the firing."];
        }

        return errors;
    }

    /// <summary>Why a cron expression is refused, or null when Quartz can fire it.</summary>
    public static string? CronError(string? cron)
    {
        if (string.IsNullOrWhiteSpace(cron))
        {
            return "The cron expression is missing: write one with seconds first, e.g. \"0 0 8 * * ?\" for 08:00 every day.";
        }

        try
        {
            CronExpression.Parse(cron);
            return null;
        }
        catch (FormatException e)
        {
            return $"'{cron}' is not a Quartz cron expression ({e.Message}): write seconds minutes hours day-of-month month day-of-week, e.g. \"0 0 8 * * ?\" for 08:00 every day.";
        }
    }

    public static bool IsKnownTimeZone(string? id) =>
        !string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out _);

    private static string KnownList(IReadOnlyCollection<string> sources) =>
        sources.Count == 0 ? " (no collectors are configured: add one under ReportForge:Ingest)" : $" (configured: {string.Join(", ", sources)})";

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex IdPattern();
}
