namespace ReportForge.Scheduler.Briefs;

/// <summary>A brief asked for through the API, a re-render or a flash brief, and where it stands.</summary>
public sealed record BriefJob
{
    public const string OnDemand = "on-demand";
    public const string Rerender = "rerender";
    public const string Flash = "flash";

    public string Id { get; init; } = "";
    public string Kind { get; init; } = OnDemand;

    /// <summary>queued, running, done or failed.</summary>
    public string Status { get; init; } = "queued";
    public long WindowStart { get; init; }
    public long WindowEnd { get; init; }
    public string TimeZone { get; init; } = "UTC";
    public string TemplateSet { get; init; } = "default";
    public string? SourceReportId { get; init; }
    public string? ScheduleId { get; init; }
    public string RecipientsJson { get; init; } = "[]";
    public string? ReportId { get; init; }
    public string? Error { get; init; }
    public long CreatedAt { get; init; }
    public long? StartedAt { get; init; }
    public long? FinishedAt { get; init; }
}
