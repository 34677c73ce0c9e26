using Dapper;
using ReportForge.Data.Storage;

namespace ReportForge.Scheduler.Cluster;

/// <summary>The leases table: work one node at a time may do, held for a term and renewed by its holder.</summary>
public sealed class LeaseStore(ReportForgeDatabase database, TimeProvider clock)
{
    /// <summary>Takes the lease when it is free or expired, or renews it when <paramref name="holder"/> has it; false when another node holds it.</summary>
    public async Task<bool> TryHoldAsync(string name, string holder, TimeSpan term, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        // One statement on both engines: the update only happens when the WHERE holds, so two nodes racing
        // for an expired lease cannot both get it.
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO leases (name, holder, acquired_at, expires_at) VALUES (@name, @holder, @now, @expires)
            ON CONFLICT (name) DO UPDATE SET
                acquired_at = CASE WHEN leases.holder = excluded.holder THEN leases.acquired_at ELSE excluded.acquired_at END,
                holder = excluded.holder,
                expires_at = excluded.expires_at
            WHERE leases.holder = excluded.holder OR leases.expires_at < @now
            """, new { name, holder, now, expires = now + (long)term.TotalMilliseconds }, cancellationToken: cancellationToken));
        return changed == 1;
    }

    /// <summary>Gives the lease up at once (a clean stop), so another node need not wait for it to expire.</summary>
    public async Task ReleaseAsync(string name, string holder, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM leases WHERE name = @name AND holder = @holder", new { name, holder },
            cancellationToken: cancellationToken));
    }

    /// <summary>Who holds a lease and until when, or null when nobody does.</summary>
    public async Task<LeaseRow?> FindAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<LeaseRow>(new CommandDefinition(
            "SELECT name AS Name, holder AS Holder, acquired_at AS AcquiredAt, expires_at AS ExpiresAt FROM leases WHERE name = @name",
            new { name }, cancellationToken: cancellationToken));
    }
}

/// <summary>A lease as stored (Unix ms).</summary>
public sealed record LeaseRow(string Name, string Holder, long AcquiredAt, long ExpiresAt);
