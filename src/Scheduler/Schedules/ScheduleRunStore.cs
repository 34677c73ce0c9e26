using Dapper;
using ReportForge.Data.Storage;

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
}

/// <summary>The execution history of schedules (schedule_runs).</summary>
public sealed class ScheduleRunStore(ReportForgeDatabase database, TimeProvider clock)
{
    public async Task<long> StartAsync(string scheduleId, string fireInstanceId, DateTimeOffset scheduledFor, int attempt, string cause, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            INSERT INTO schedule_runs (schedule_id, fire_instance_id, scheduled_for, started_at, attempt, cause, outcome)
            VALUES (@scheduleId, @fireInstanceId, @scheduledFor, @now, @attempt, @cause, 'running') RETURNING id
            """,
            new { scheduleId, fireInstanceId, scheduledFor = scheduledFor.ToUnixTimeMilliseconds(), now = clock.GetUtcNow().ToUnixTimeMilliseconds(), attempt, cause },
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
    public async Task<int> MarkInterruptedAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE schedule_runs SET outcome = 'interrupted', finished_at = @now, detail = 'the service stopped during this run' WHERE outcome = 'running'",
            new { now = clock.GetUtcNow().ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken));
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
               report_id AS ReportId, detail AS Detail
        FROM schedule_runs
        """;
}
