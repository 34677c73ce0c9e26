using Dapper;
using ReportForge.Data.Storage;

namespace ReportForge.Scheduler.Schedules;

/// <summary>Reads and writes the schedules table.</summary>
public sealed class ScheduleStore(ReportForgeDatabase database)
{
    private const string Select =
        """
        SELECT id AS Id, kind AS Kind, cron AS Cron, time_zone AS TimeZone, source AS Source, template_set AS TemplateSet,
               window_days_back AS WindowDaysBack, origin AS Origin, paused_reason AS PausedReason, paused_at AS PausedAt,
               created_at AS CreatedAt, updated_at AS UpdatedAt
        FROM schedules
        """;

    public async Task<IReadOnlyList<ScheduleDefinition>> AllAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<ScheduleDefinition>(new CommandDefinition(Select + " ORDER BY id", cancellationToken: cancellationToken))).ToList();
    }

    public async Task<ScheduleDefinition?> FindAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ScheduleDefinition>(new CommandDefinition(Select + " WHERE id = @id", new { id }, cancellationToken: cancellationToken));
    }

    /// <summary>Inserts or replaces the definition; the pause state is written as given.</summary>
    public async Task UpsertAsync(ScheduleDefinition schedule, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO schedules (id, kind, cron, time_zone, source, template_set, window_days_back, origin, paused_reason, paused_at, created_at, updated_at)
            VALUES (@Id, @Kind, @Cron, @TimeZone, @Source, @TemplateSet, @WindowDaysBack, @Origin, @PausedReason, @PausedAt, @CreatedAt, @UpdatedAt)
            ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, cron = excluded.cron, time_zone = excluded.time_zone,
                source = excluded.source, template_set = excluded.template_set, window_days_back = excluded.window_days_back,
                origin = excluded.origin, paused_reason = excluded.paused_reason, paused_at = excluded.paused_at,
                updated_at = excluded.updated_at
            """, schedule, cancellationToken: cancellationToken));
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition("DELETE FROM schedules WHERE id = @id", new { id }, cancellationToken: cancellationToken)) > 0;
    }
}
