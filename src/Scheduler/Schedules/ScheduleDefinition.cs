namespace ReportForge.Scheduler.Schedules;

/// <summary>A recurring ingest or brief: what it does, its cron expression and the IANA time zone it is read in.</summary>
public sealed record ScheduleDefinition
{
    public const string BriefKind = "brief";
    public const string IngestKind = "ingest";

    public string Id { get; init; } = "";
    public string Kind { get; init; } = BriefKind;
    public string Cron { get; init; } = "";
    public string TimeZone { get; init; } = "UTC";
    public string? Source { get; init; }
    public string TemplateSet { get; init; } = "default";
    public int WindowDaysBack { get; init; } = 1;
    public string Origin { get; init; } = "api";
    public string? PausedReason { get; init; }
    public long? PausedAt { get; init; }
    public long CreatedAt { get; init; }
    public long UpdatedAt { get; init; }

    public bool IsPaused => PausedAt is not null;

    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
}
