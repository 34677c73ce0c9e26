namespace ReportForge.Scheduler.Delivery;

/// <summary>One brief to one recipient on one channel: its state, attempts and last error.</summary>
/// <remarks>
/// States: pending → sending → sent; a failed attempt goes back to pending with a later next_attempt_at,
/// until the attempts are spent (failed). A row found 'sending' at start-up was cut off by a crash:
/// see <see cref="DeliveryStore.RecoverAsync"/> for how each channel resolves it.
/// </remarks>
public sealed record DeliveryRecord
{
    public string Id { get; init; } = "";
    public string ReportId { get; init; } = "";

    /// <summary>Empty for recipients named on an on-demand request.</summary>
    public string SubscriptionId { get; init; } = "";
    public string Channel { get; init; } = "";
    public string Recipient { get; init; } = "";

    /// <summary>Set on a "send test" delivery, so a test never blocks or duplicates the regular one.</summary>
    public string TestId { get; init; } = "";
    public string AssetsJson { get; init; } = "[]";
    public string? TimeZone { get; init; }
    public string Status { get; init; } = "pending";
    public int Attempts { get; init; }
    public long NextAttemptAt { get; init; }
    public long? CommittingAt { get; init; }
    public string? LastError { get; init; }
    public long CreatedAt { get; init; }
    public long UpdatedAt { get; init; }
    public long? SentAt { get; init; }
}
