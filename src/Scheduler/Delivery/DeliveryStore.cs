using Dapper;
using ReportForge.Data.Storage;
using ReportForge.Scheduler.Cluster;

namespace ReportForge.Scheduler.Delivery;

/// <summary>The deliveries table: planning (idempotent), claiming, and the outcome of each attempt.</summary>
public sealed class DeliveryStore(ReportForgeDatabase database, ServiceNode node, TimeProvider clock)
{
    private const string Select =
        """
        SELECT id AS Id, report_id AS ReportId, subscription_id AS SubscriptionId, channel AS Channel, recipient AS Recipient,
               test_id AS TestId, assets_json AS AssetsJson, time_zone AS TimeZone, status AS Status, attempts AS Attempts,
               next_attempt_at AS NextAttemptAt, committing_at AS CommittingAt, last_error AS LastError, created_at AS CreatedAt,
               updated_at AS UpdatedAt, sent_at AS SentAt
        FROM deliveries
        """;

    /// <summary>Plans a delivery; one already planned for the same brief, subscription, recipient and channel is kept as it is.</summary>
    /// <returns>The id of the delivery (new or existing).</returns>
    public async Task<string> PlanAsync(DeliveryRecord delivery, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var now = Now();
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO deliveries (id, report_id, subscription_id, channel, recipient, test_id, assets_json, time_zone, status, attempts,
                                    next_attempt_at, created_at, updated_at)
            VALUES (@Id, @ReportId, @SubscriptionId, @Channel, @Recipient, @TestId, @AssetsJson, @TimeZone, 'pending', 0, @now, @now, @now)
            ON CONFLICT (report_id, subscription_id, recipient, channel, test_id) DO NOTHING
            """,
            new { delivery.Id, delivery.ReportId, delivery.SubscriptionId, delivery.Channel, delivery.Recipient, delivery.TestId, delivery.AssetsJson, delivery.TimeZone, now },
            cancellationToken: cancellationToken));
        return await connection.ExecuteScalarAsync<string>(new CommandDefinition(
            "SELECT id FROM deliveries WHERE report_id = @ReportId AND subscription_id = @SubscriptionId AND recipient = @Recipient AND channel = @Channel AND test_id = @TestId",
            delivery, cancellationToken: cancellationToken)) ?? delivery.Id;
    }

    public async Task<IReadOnlyList<DeliveryRecord>> DueAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<DeliveryRecord>(new CommandDefinition(
            Select + " WHERE status = 'pending' AND next_attempt_at <= @now ORDER BY next_attempt_at, id LIMIT @limit",
            new { now = Now(), limit }, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>Claims a pending delivery for one attempt, in this node's name; false when another worker or node got it first.</summary>
    public async Task<bool> TryClaimAsync(string id, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            """
            UPDATE deliveries SET status = 'sending', claimed_by = @node, attempts = attempts + 1, committing_at = NULL, updated_at = @now
            WHERE id = @id AND status = 'pending'
            """,
            new { id, node = node.Id, now = Now() }, cancellationToken) == 1;

    /// <summary>Records that the point of no return is being passed (the SMTP end-of-data, the HTTP request going out).</summary>
    public Task MarkCommittingAsync(string id, CancellationToken cancellationToken) =>
        ExecuteAsync("UPDATE deliveries SET committing_at = @now, updated_at = @now WHERE id = @id AND status = 'sending'", new { id, now = Now() }, cancellationToken);

    public Task MarkSentAsync(string id, CancellationToken cancellationToken) =>
        ExecuteAsync("UPDATE deliveries SET status = 'sent', sent_at = @now, last_error = NULL, updated_at = @now WHERE id = @id",
            new { id, now = Now() }, cancellationToken);

    public Task MarkRetryAsync(string id, string error, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken) =>
        ExecuteAsync(
            "UPDATE deliveries SET status = 'pending', committing_at = NULL, last_error = @error, next_attempt_at = @next, updated_at = @now WHERE id = @id",
            new { id, error, next = nextAttemptAt.ToUnixTimeMilliseconds(), now = Now() }, cancellationToken);

    public Task MarkFailedAsync(string id, string error, CancellationToken cancellationToken) =>
        ExecuteAsync("UPDATE deliveries SET status = 'failed', last_error = @error, updated_at = @now WHERE id = @id",
            new { id, error, now = Now() }, cancellationToken);

    /// <summary>Resolves deliveries a crash or a stop left 'sending': those claimed by a node that is no longer alive.</summary>
    /// <remarks>
    /// An email whose end-of-data had not been sent was never accepted by the relay (an SMTP
    /// transaction cut off before "." is discarded), so it goes back to pending. One past that point
    /// may have been accepted: it becomes 'uncertain' and is not sent again — email is at-most-once
    /// across a crash. Webhooks go back to pending and are sent again with the same Idempotency-Key
    /// (at-least-once; the receiver drops the repeat). Folder copies overwrite the same file, so a
    /// repeat is harmless.
    /// </remarks>
    public async Task<int> RecoverAsync(CancellationToken cancellationToken)
    {
        var now = Now();
        var uncertain = await ExecuteAsync(
            """
            UPDATE deliveries SET status = 'uncertain', updated_at = @now,
                last_error = 'the service stopped after the relay was handed the message; not sent again to avoid a duplicate (POST /api/deliveries/{id}/retry sends it anyway)'
            WHERE status = 'sending' AND channel = 'email' AND committing_at IS NOT NULL AND
            """ + OrphanedClaim, new { now }, cancellationToken);
        var pending = await ExecuteAsync(
            "UPDATE deliveries SET status = 'pending', claimed_by = NULL, committing_at = NULL, next_attempt_at = @now, updated_at = @now WHERE status = 'sending' AND "
            + OrphanedClaim, new { now }, cancellationToken);
        return uncertain + pending;
    }

    /// <summary>Puts a failed or uncertain delivery back in the queue on purpose.</summary>
    public async Task<bool> RetryAsync(string id, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            "UPDATE deliveries SET status = 'pending', attempts = 0, next_attempt_at = @now, updated_at = @now WHERE id = @id AND status IN ('failed', 'uncertain')",
            new { id, now = Now() }, cancellationToken) == 1;

    public async Task<DeliveryRecord?> FindAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<DeliveryRecord>(new CommandDefinition(Select + " WHERE id = @id", new { id }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<DeliveryRecord>> ListAsync(string? reportId, string? subscriptionId, string? status, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<DeliveryRecord>(new CommandDefinition(
            Select + """
                      WHERE (@reportId IS NULL OR report_id = @reportId) AND (@subscriptionId IS NULL OR subscription_id = @subscriptionId)
                        AND (@status IS NULL OR status = @status)
                     ORDER BY created_at DESC, id LIMIT @limit
                     """,
            new { reportId, subscriptionId, status, limit }, cancellationToken: cancellationToken))).ToList();
    }

    public async Task<IReadOnlyDictionary<string, int>> CountsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Status, int Count)>(new CommandDefinition(
            "SELECT status, COUNT(*) FROM deliveries GROUP BY status", cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.Status, r => r.Count, StringComparer.Ordinal);
    }

    // A claim made by a node that has left service_nodes (it stopped, or was silent past the cluster's node timeout).
    private const string OrphanedClaim = "(claimed_by IS NULL OR claimed_by NOT IN (SELECT id FROM service_nodes))";

    private long Now() =>
 clock.GetUtcNow().ToUnixTimeMilliseconds();

    private async Task<int> ExecuteAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
    }
}
