namespace ReportForge.Scheduler.Delivery;

/// <summary>Who receives the briefs of one schedule, and how.</summary>
public sealed record Subscription(string Id, string Name, string ScheduleId, string? WebhookSecret, long CreatedAt, IReadOnlyList<SubscriptionRecipient> Recipients);

/// <summary>One recipient of a subscription on one channel, with their assets of interest and time zone.</summary>
public sealed record SubscriptionRecipient
{
    public string SubscriptionId { get; init; } = "";

    /// <summary>email, webhook or folder.</summary>
    public string Channel { get; init; } = "";

    /// <summary>The email address, webhook URL or folder path.</summary>
    public string Address { get; init; } = "";
    public string AssetsJson { get; init; } = "[]";
    public string? TimeZone { get; init; }
    public long? UnsubscribedAt { get; init; }
}

/// <summary>The delivery channels.</summary>
public static class Channels
{
    public const string Email = "email";
    public const string Webhook = "webhook";
    public const string Folder = "folder";

    public static readonly IReadOnlyList<string> All = [Email, Webhook, Folder];
}
