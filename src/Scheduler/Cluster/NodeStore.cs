using Dapper;
using ReportForge.Data.Storage;

namespace ReportForge.Scheduler.Cluster;

/// <summary>The service_nodes table: which nodes are alive, by the last time each said so.</summary>
public sealed class NodeStore(ReportForgeDatabase database, TimeProvider clock)
{
    /// <summary>Enters a node. On SQLite only one node runs at a time, so every other row is a node that is gone.</summary>
    public async Task JoinAsync(ServiceNode node, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!node.Clustered)
        {
            await connection.ExecuteAsync(new CommandDefinition("DELETE FROM service_nodes", transaction: transaction, cancellationToken: cancellationToken));
        }

        var now = Now();
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO service_nodes (id, host, pid, started_at, seen_at) VALUES (@Id, @Host, @Pid, @now, @now)
            ON CONFLICT (id) DO UPDATE SET seen_at = excluded.seen_at
            """, new { node.Id, node.Host, node.Pid, now }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Says the node is alive; false when its row had gone (peers took it for dead and may have taken its work).</summary>
    public async Task<bool> BeatAsync(ServiceNode node, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var updated = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE service_nodes SET seen_at = @now WHERE id = @Id", new { node.Id, now = Now() }, cancellationToken: cancellationToken));
        if (updated == 1)
        {
            return true;
        }

        await JoinAsync(node, cancellationToken);
        return false;
    }

    /// <summary>Removes nodes not seen since <paramref name="silentFor"/> ago; their ids, for the log.</summary>
    public async Task<IReadOnlyList<string>> ExpireAsync(ServiceNode self, TimeSpan silentFor, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var cutoff = Now() - (long)silentFor.TotalMilliseconds;
        return (await connection.QueryAsync<string>(new CommandDefinition(
            "DELETE FROM service_nodes WHERE id <> @Id AND seen_at < @cutoff RETURNING id", new { self.Id, cutoff }, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>Leaves on a clean stop: work still marked with this node is then taken up by the others at once.</summary>
    public async Task LeaveAsync(ServiceNode node, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM service_nodes WHERE id = @Id", new { node.Id }, cancellationToken: cancellationToken));
    }

    /// <summary>The nodes alive now, oldest first.</summary>
    public async Task<IReadOnlyList<NodeRow>> AliveAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<NodeRow>(new CommandDefinition(
            "SELECT id AS Id, host AS Host, pid AS Pid, started_at AS StartedAt, seen_at AS SeenAt FROM service_nodes ORDER BY started_at, id",
            cancellationToken: cancellationToken))).ToList();
    }

    private long Now() => clock.GetUtcNow().ToUnixTimeMilliseconds();
}

/// <summary>A node as stored: when it started and was last seen (Unix ms).</summary>
public sealed record NodeRow(string Id, string Host, long Pid, long StartedAt, long SeenAt);
