using System.Text.Json;
using ReportForge.Data.Archive;

namespace ReportForge.Scheduler.Delivery;

/// <summary>Turns a finished brief into delivery rows, one per recipient and channel, and wakes the worker.</summary>
public sealed class DeliveryPlanner(SubscriptionStore subscriptions, DeliveryStore deliveries, ReportArchive archive, DeliverySignal signal, TimeProvider clock)
{
    /// <summary>Plans the brief for every subscribed recipient of a schedule ("flash" for flash briefs).</summary>
    public async Task<IReadOnlyList<string>> PlanForScheduleAsync(string reportId, string scheduleId, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        foreach (var subscription in await subscriptions.ForScheduleAsync(scheduleId, cancellationToken))
        {
            ids.AddRange(await PlanAsync(reportId, subscription, "", cancellationToken));
        }

        signal.Wake();
        return ids;
    }

    /// <summary>Plans email deliveries to addresses named on an on-demand request.</summary>
    public async Task<IReadOnlyList<string>> PlanAdHocAsync(string reportId, IReadOnlyList<string> emails, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        foreach (var email in emails.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            ids.Add(await deliveries.PlanAsync(new DeliveryRecord { Id = NewId(), ReportId = reportId, Channel = Channels.Email, Recipient = email }, cancellationToken));
        }

        signal.Wake();
        return ids;
    }

    /// <summary>"Send test": the latest archived brief to every recipient of one subscription, now.</summary>
    /// <returns>The deliveries planned, or null when the archive holds no brief yet.</returns>
    public async Task<IReadOnlyList<string>?> PlanTestAsync(Subscription subscription, CancellationToken cancellationToken)
    {
        var latest = (await archive.ListAsync(DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue.AddDays(-1), cancellationToken))
            .Where(r => r.Status == "done").MaxBy(r => r.CreatedAt);
        if (latest is null)
        {
            return null;
        }

        var ids = await PlanAsync(latest.Id, subscription, Guid.NewGuid().ToString("N")[..12], cancellationToken);
        signal.Wake();
        return ids;
    }

    private async Task<List<string>> PlanAsync(string reportId, Subscription subscription, string testId, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        foreach (var recipient in subscription.Recipients.Where(r => r.UnsubscribedAt is null))
        {
            ids.Add(await deliveries.PlanAsync(new DeliveryRecord
            {
                Id = NewId(),
                ReportId = reportId,
                SubscriptionId = subscription.Id,
                Channel = recipient.Channel,
                Recipient = recipient.Address,
                TestId = testId,
                AssetsJson = recipient.AssetsJson,
                TimeZone = recipient.TimeZone,
            }, cancellationToken));
        }

        return ids;
    }

    private string NewId() => Guid.CreateVersion7(clock.GetUtcNow()).ToString("N");

    /// <summary>The assets a recipient follows.</summary>
    public static IReadOnlyList<string> AssetsOf(string assetsJson) => JsonSerializer.Deserialize<List<string>>(assetsJson) ?? [];
}

/// <summary>Wakes the delivery worker when there is something to send.</summary>
public sealed class DeliverySignal : IDisposable
{
    private readonly SemaphoreSlim _semaphore = new(0, 1);

    public void Wake()
    {
        try
        {
            _semaphore.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already awake.
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _semaphore.WaitAsync(timeout, cancellationToken);

    public void Dispose() => _semaphore.Dispose();
}
