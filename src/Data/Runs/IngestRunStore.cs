using System.Text.Json;
using Dapper;
using ReportForge.Data.Storage;

namespace ReportForge.Data.Runs;

/// <summary>What one import or ingest run did.</summary>
public sealed record IngestRun(
    long Id,
    string Source,
    string Kind,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    DateTimeOffset? WindowFrom,
    DateTimeOffset? WindowTo,
    string Outcome,
    IReadOnlyDictionary<string, int> Rows,
    string? Error);

/// <summary>Records import and ingest runs in the ingest_runs table.</summary>
public sealed class IngestRunStore(ReportForgeDatabase database, TimeProvider clock)
{
    /// <summary>Opens a run in state 'running' and returns its id.</summary>
    public async Task<long> StartAsync(string source, string kind, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            INSERT INTO ingest_runs (source, kind, started_at, window_from, window_to, outcome)
            VALUES (@source, @kind, @startedAt, @from, @to, 'running') RETURNING id
            """,
            new { source, kind, startedAt = clock.GetUtcNow().ToUnixTimeMilliseconds(), from = from?.ToUnixTimeMilliseconds(), to = to?.ToUnixTimeMilliseconds() },
            cancellationToken: cancellationToken));
    }

    /// <summary>Closes a run with its outcome, the rows it changed per table and the error, if any.</summary>
    public async Task FinishAsync(long id, string outcome, IReadOnlyDictionary<string, int> rows, string? error, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE ingest_runs SET finished_at = @at, outcome = @outcome, rows_json = @rows, error = @error WHERE id = @id",
            new { id, at = clock.GetUtcNow().ToUnixTimeMilliseconds(), outcome, rows = JsonSerializer.Serialize(rows), error },
            cancellationToken: cancellationToken));
    }

    /// <summary>The most recent runs, newest first.</summary>
    public async Task<IReadOnlyList<IngestRun>> RecentAsync(int count, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<RunRow>(new CommandDefinition(
            """
            SELECT id AS Id, source AS Source, kind AS Kind, started_at AS StartedAt, finished_at AS FinishedAt,
                   window_from AS WindowFrom, window_to AS WindowTo, outcome AS Outcome, rows_json AS RowsJson, error AS Error
            FROM ingest_runs ORDER BY id DESC LIMIT @count
            """, new { count }, cancellationToken: cancellationToken));
        return rows.Select(r => new IngestRun(
            r.Id, r.Source, r.Kind, DateTimeOffset.FromUnixTimeMilliseconds(r.StartedAt),
            r.FinishedAt is { } f ? DateTimeOffset.FromUnixTimeMilliseconds(f) : null,
            r.WindowFrom is { } wf ? DateTimeOffset.FromUnixTimeMilliseconds(wf) : null,
            r.WindowTo is { } wt ? DateTimeOffset.FromUnixTimeMilliseconds(wt) : null,
            r.Outcome, JsonSerializer.Deserialize<Dictionary<string, int>>(r.RowsJson) ?? [], r.Error)).ToList();
    }

    /// <summary>The latest run of each source, by source name.</summary>
    public async Task<IReadOnlyList<IngestRun>> LatestPerSourceAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<RunRow>(new CommandDefinition(
            """
            SELECT id AS Id, source AS Source, kind AS Kind, started_at AS StartedAt, finished_at AS FinishedAt,
                   window_from AS WindowFrom, window_to AS WindowTo, outcome AS Outcome, rows_json AS RowsJson, error AS Error
            FROM ingest_runs WHERE id IN (SELECT MAX(id) FROM ingest_runs GROUP BY source) ORDER BY source
            """, cancellationToken: cancellationToken));
        return rows.Select(ToRun).ToList();
    }

    private static IngestRun ToRun(RunRow r) => new(
        r.Id, r.Source, r.Kind, DateTimeOffset.FromUnixTimeMilliseconds(r.StartedAt),
        r.FinishedAt is { } f ? DateTimeOffset.FromUnixTimeMilliseconds(f) : null,
        r.WindowFrom is { } wf ? DateTimeOffset.FromUnixTimeMilliseconds(wf) : null,
        r.WindowTo is { } wt ? DateTimeOffset.FromUnixTimeMilliseconds(wt) : null,
        r.Outcome, JsonSerializer.Deserialize<Dictionary<string, int>>(r.RowsJson) ?? [], r.Error);

    private sealed record RunRow
    {
        public long Id { get; init; }
        public string Source { get; init; } = "";
        public string Kind { get; init; } = "";
        public long StartedAt { get; init; }
        public long? FinishedAt { get; init; }
        public long? WindowFrom { get; init; }
        public long? WindowTo { get; init; }
        public string Outcome { get; init; } = "";
        public string RowsJson { get; init; } = "";
        public string? Error { get; init; }
    }
}
