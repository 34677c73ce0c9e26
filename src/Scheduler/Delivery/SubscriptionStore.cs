using System.Data.Common;
using Dapper;
using ReportForge.Data.Storage;

namespace ReportForge.Scheduler.Delivery;

/// <summary>Reads and writes subscriptions and their recipients.</summary>
public sealed class SubscriptionStore(ReportForgeDatabase database, TimeProvider clock)
{
    private const string SelectRecipients =
        """
        SELECT subscription_id AS SubscriptionId, channel AS Channel, address AS Address, assets_json AS AssetsJson,
               time_zone AS TimeZone, unsubscribed_at AS UnsubscribedAt
        FROM subscription_recipients
        """;

    /// <summary>Creates or replaces a subscription with its recipients, in one transaction.</summary>
    public async Task SaveAsync(Subscription subscription, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO subscriptions (id, name, schedule_id, webhook_secret, created_at) VALUES (@Id, @Name, @ScheduleId, @WebhookSecret, @CreatedAt)
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, schedule_id = excluded.schedule_id, webhook_secret = excluded.webhook_secret
            """, subscription, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM subscription_recipients WHERE subscription_id = @Id", subscription, transaction, cancellationToken: cancellationToken));
        foreach (var recipient in subscription.Recipients)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO subscription_recipients (subscription_id, channel, address, assets_json, time_zone, unsubscribed_at)
                VALUES (@SubscriptionId, @Channel, @Address, @AssetsJson, @TimeZone, @UnsubscribedAt)
                """, recipient with { SubscriptionId = subscription.Id }, transaction, cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<Subscription?> FindAsync(string id, CancellationToken cancellationToken) =>
        (await QueryAsync("WHERE id = @id", new { id }, cancellationToken)).SingleOrDefault();

    public Task<IReadOnlyList<Subscription>> AllAsync(CancellationToken cancellationToken) => QueryAsync("", new { }, cancellationToken);

    public Task<IReadOnlyList<Subscription>> ForScheduleAsync(string scheduleId, CancellationToken cancellationToken) =>
        QueryAsync("WHERE schedule_id = @scheduleId", new { scheduleId }, cancellationToken);

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition("DELETE FROM subscriptions WHERE id = @id", new { id }, cancellationToken: cancellationToken)) > 0;
    }

    /// <summary>Stops deliveries to one recipient of a subscription; true when they were subscribed.</summary>
    public async Task<bool> UnsubscribeAsync(string subscriptionId, string channel, string address, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE subscription_recipients SET unsubscribed_at = @now
            WHERE subscription_id = @subscriptionId AND channel = @channel AND address = @address AND unsubscribed_at IS NULL
            """, new { subscriptionId, channel, address, now = clock.GetUtcNow().ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken)) > 0;
    }

    private async Task<IReadOnlyList<Subscription>> QueryAsync(string where, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<SubscriptionRow>(new CommandDefinition(
            $"SELECT id AS Id, name AS Name, schedule_id AS ScheduleId, webhook_secret AS WebhookSecret, created_at AS CreatedAt FROM subscriptions {where} ORDER BY id",
            parameters, cancellationToken: cancellationToken))).ToList();
        var recipients = (await connection.QueryAsync<SubscriptionRecipient>(new CommandDefinition(
                SqlDialect.For(connection, SelectRecipients + " WHERE subscription_id IN @ids ORDER BY channel, address"), new { ids = rows.Select(r => r.Id).ToArray() }, cancellationToken: cancellationToken)))
            .ToLookup(r => r.SubscriptionId, StringComparer.Ordinal);
        return rows.Select(r => new Subscription(r.Id, r.Name, r.ScheduleId, r.WebhookSecret, r.CreatedAt, recipients[r.Id].ToList())).ToList();
    }

    private sealed record SubscriptionRow
    {
        public string Id { get; init; } = "";
        public string Name { get; init; } = "";
        public string ScheduleId { get; init; } = "";
        public string? WebhookSecret { get; init; }
        public long CreatedAt { get; init; }
    }
}
