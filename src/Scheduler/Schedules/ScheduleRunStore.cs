using Dapper;
using ReportForge.Data.Storage;
using ReportForge.Scheduler.Cluster;

namespace ReportForge.Scheduler.Schedules;

/// <summary>One attempt of a schedule's firing, as kept in the execution history.</summary>
public sealed record ScheduleRun
{
    public long Id { get; init; }
    public string ScheduleId { get; init; } = "";
    public string FireInstanceId { get; init; } = "";
    public long ScheduledFor { get; init; }
    public long StartedAt { get; init; }
    public long? FinishedAt { get; init; }
    public int Attempt { get; init; }

    /// <summary>schedule, manual, misfire, retry or recovery.</summary>
    public string Cause { get; init; } = "";

    /// <summary>running, succeeded, retrying, failed or interrupted.</summary>
    public string Outcome { get; init; } = "";
    public string? ReportId { get; init; }
    public string? Detail { get; init; }

    /// <summary>The node that ran the attempt.</summary>
    public string? NodeId { get; init; }
}


/// <summary>The execution history of schedules (schedule_runs).</summary>
public sealed class ScheduleRunStore(ReportForgeDatabase database, ServiceNode node, TimeProvider clock)
{
    public async Task<long> StartAsync(string scheduleId, string fireInstanceId, DateTimeOffset scheduledFor, int attempt, string cause, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            INSERT INTO schedule_runs (schedule_id, fire_instance_id, scheduled_for, started_at, attempt, cause, outcome, node_id)
            VALUES (@scheduleId, @fireInstanceId, @scheduledFor, @now, @attempt, @cause, 'running', @node) RETURNING id
            """,
            new { scheduleId, fireInstanceId, scheduledFor = scheduledFor.ToUnixTimeMilliseconds(), now = clock.GetUtcNow().ToUnixTimeMilliseconds(), attempt, cause, node = node.Id },
            cancellationToken: cancellationToken));
    }

    public async Task FinishAsync(long id, string outcome, string? reportId, string? detail, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE schedule_runs SET finished_at = @now, outcome = @outcome, report_id = @reportId, detail = @detail WHERE id = @id",
            new { id, outcome, reportId, detail, now = clock.GetUtcNow().ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken));
    }

    /// <summary>Runs left 'running' by a process that died are marked interrupted (Quartz recovers the firing itself).</summary>
    /// <summary>Closes runs left 'running' by a node that is no longer alive.</summary>
    public async Task<int> MarkInterruptedAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE schedule_runs SET outcome = 'interrupted', finished_at = @now, detail = 'the node running it stopped during this run'
            WHERE outcome = 'running' AND (node_id IS NULL OR node_id NOT IN (SELECT id FROM service_nodes))
            """,
            new { now = clock.GetUtcNow().ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken));
    }

    /// <summary>Records the archived brief on a run as soon as it exists, before its deliveries are planned.</summary>
    public async Task AttachReportAsync(long id, string reportId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("UPDATE schedule_runs SET report_id = @reportId WHERE id = @id", new { id, reportId },
            cancellationToken: cancellationToken));
    }

    /// <summary>The brief an earlier attempt of the same firing archived, if one did (a node died after archiving it).</summary>
    public async Task<string?> ReportOfFiringAsync(string scheduleId, DateTimeOffset scheduledFor, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QueryFirstOrDefaultAsync<string>(new CommandDefinition(
            """
            SELECT report_id FROM schedule_runs
            WHERE schedule_id = @scheduleId AND scheduled_for = @scheduledFor AND report_id IS NOT NULL
            ORDER BY id DESC LIMIT 1
            """, new { scheduleId, scheduledFor = scheduledFor.ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken));
    }


    public async Task<IReadOnlyList<ScheduleRun>> ForScheduleAsync(string scheduleId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<ScheduleRun>(new CommandDefinition(
            SelectRuns + " WHERE schedule_id = @scheduleId ORDER BY id DESC LIMIT @limit", new { scheduleId, limit }, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>The latest runs of every schedule, newest first; <paramref name="scheduleId"/> narrows it to one.</summary>
    public async Task<IReadOnlyList<ScheduleRun>> RecentAsync(string? scheduleId, string? outcome, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<ScheduleRun>(new CommandDefinition(
            SelectRuns + " WHERE (@scheduleId IS NULL OR schedule_id = @scheduleId) AND (@outcome IS NULL OR outcome = @outcome) ORDER BY id DESC LIMIT @limit",
            new { scheduleId, outcome, limit }, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>The latest run of each schedule (for the schedule list).</summary>
    public async Task<IReadOnlyDictionary<string, ScheduleRun>> LatestPerScheduleAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var runs = await connection.QueryAsync<ScheduleRun>(new CommandDefinition(
            SelectRuns + " WHERE id IN (SELECT MAX(id) FROM schedule_runs GROUP BY schedule_id)", cancellationToken: cancellationToken));
        return runs.ToDictionary(r => r.ScheduleId, StringComparer.Ordinal);
    }

    private const string SelectRuns =
        """
        SELECT id AS Id, schedule_id AS ScheduleId, fire_instance_id AS FireInstanceId, scheduled_for AS ScheduledFor,
               started_at AS StartedAt, finished_at AS FinishedAt, attempt AS Attempt, cause AS Cause, outcome AS Outcome,
               report_id AS ReportId, detail AS Detail, node_id AS NodeId
        FROM schedule_runs
        """;
}
