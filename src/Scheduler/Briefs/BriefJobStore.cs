using Dapper;
using ReportForge.Data.Storage;
using ReportForge.Scheduler.Cluster;

namespace ReportForge.Scheduler.Briefs;

/// <summary>Reads and writes brief_jobs.</summary>
public sealed class BriefJobStore(ReportForgeDatabase database, ServiceNode node, TimeProvider clock)
{
    private const string Select =
        """
        SELECT id AS Id, kind AS Kind, status AS Status, window_start AS WindowStart, window_end AS WindowEnd, time_zone AS TimeZone,
               template_set AS TemplateSet, source_report_id AS SourceReportId, schedule_id AS ScheduleId, recipients_json AS RecipientsJson,
               report_id AS ReportId, error AS Error, created_at AS CreatedAt, started_at AS StartedAt, finished_at AS FinishedAt
        FROM brief_jobs
        """;

    public async Task InsertAsync(BriefJob job, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO brief_jobs (id, kind, status, window_start, window_end, time_zone, template_set, source_report_id, schedule_id, recipients_json, created_at)
            VALUES (@Id, @Kind, 'queued', @WindowStart, @WindowEnd, @TimeZone, @TemplateSet, @SourceReportId, @ScheduleId, @RecipientsJson, @CreatedAt)
            """, job, cancellationToken: cancellationToken));
    }

    public async Task<BriefJob?> FindAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<BriefJob>(new CommandDefinition(Select + " WHERE id = @id", new { id }, cancellationToken: cancellationToken));
    }

    /// <summary>The most recent jobs, newest first.</summary>
    public async Task<IReadOnlyList<BriefJob>> RecentAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<BriefJob>(new CommandDefinition(Select + " ORDER BY created_at DESC, id DESC LIMIT @limit", new { limit }, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>Briefs queued or running now, on every node.</summary>
    public async Task<int> CountOutstandingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COUNT(*) FROM brief_jobs WHERE status IN ('queued', 'running')", cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Takes a queued job for this node; false when another node has it or it is finished. A recovery (its node died
    /// mid-run, or the service stopped) may take the job back from 'running'.
    /// </summary>
    public async Task<bool> TryClaimAsync(string id, bool recovering, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            """
            UPDATE brief_jobs SET status = 'running', claimed_by = @node, started_at = @now
            WHERE id = @id AND (status = 'queued' OR (status = 'running' AND @recovering))
            """, new { id, node = node.Id, now = Now(), recovering }, cancellationToken) == 1;

    public Task MarkDoneAsync(string id, string reportId, CancellationToken cancellationToken) =>
        ExecuteAsync("UPDATE brief_jobs SET status = 'done', report_id = @reportId, error = NULL, finished_at = @now WHERE id = @id", new { id, reportId, now = Now() }, cancellationToken);

    public Task MarkFailedAsync(string id, string error, CancellationToken cancellationToken) =>
        ExecuteAsync("UPDATE brief_jobs SET status = 'failed', error = @error, finished_at = @now WHERE id = @id", new { id, error, now = Now() }, cancellationToken);

    /// <summary>Hands a job back to the queue (the service stopped while it ran).</summary>
    public Task RequeueAsync(string id, CancellationToken cancellationToken) =>
        ExecuteAsync("UPDATE brief_jobs SET status = 'queued', claimed_by = NULL, started_at = NULL WHERE id = @id", new { id }, cancellationToken);

    private long Now() => clock.GetUtcNow().ToUnixTimeMilliseconds();

    private async Task<int> ExecuteAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
    }

}
