using Dapper;
using ReportForge.Data.Runs;
using ReportForge.Data.Sources.Http;
using ReportForge.Data.Storage;

namespace ReportForge.Data.Ingest;

/// <summary>What one ingest run of one source did.</summary>
public sealed record IngestOutcome(
    long RunId,
    string Source,
    IngestWindow Window,
    string Outcome,
    IReadOnlyDictionary<string, int> Rows,
    string? Error)
{
    public bool Succeeded => Outcome == "succeeded";
}

/// <summary>Runs a source over a window and records the run (window, rows per table, outcome, error) in ingest_runs.</summary>
public sealed class IngestRunner(ReportForgeDatabase database, IngestRunStore runs, TimeProvider clock)
{
    /// <summary>How far back a source that never ran starts when no window is given.</summary>
    public TimeSpan FirstRunLookback { get; init; } = TimeSpan.FromDays(30);

    /// <summary>Runs <paramref name="source"/> over <paramref name="window"/>, or from its last successful run up to now.</summary>
    /// <remarks>A failing source never throws out of here (except on cancellation): its outcome says why.</remarks>
    public async Task<IngestOutcome> RunAsync(IIngestSource source, IngestWindow? window, IProgress<IngestProgress>? progress, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var effective = window ?? await CatchUpWindowAsync(source.Name, now, cancellationToken);
        if (effective.To > now)
        {
            effective = effective with { To = now };
        }

        var runId = await runs.StartAsync(source.Name, "ingest", effective.From, effective.To, cancellationToken);
        var writer = new IngestBatchWriter(database, source.Registration, progress);
        try
        {
            if (effective.From < effective.To)
            {
                await source.IngestAsync(effective, writer, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await runs.FinishAsync(runId, "failed", writer.RowsChanged, Stored(writer, "cancelled"), CancellationToken.None);
            throw;
        }
        catch (Exception e) when (e is SourceException or InvalidOperationException or System.Data.Common.DbException)
        {
            var error = Stored(writer, e.Message);
            await runs.FinishAsync(runId, "failed", writer.RowsChanged, error, CancellationToken.None);
            return new IngestOutcome(runId, source.Name, effective, "failed", writer.RowsChanged, error);
        }

        var outcome = writer.Warnings.Count == 0 ? "succeeded" : "partial";
        var warnings = writer.Warnings.Count == 0 ? null : string.Join("; ", writer.Warnings);
        await runs.FinishAsync(runId, outcome, writer.RowsChanged, warnings, cancellationToken);
        writer.Report(1, "done");
        return new IngestOutcome(runId, source.Name, effective, outcome, writer.RowsChanged, warnings);
    }

    /// <summary>From the end of the source's last successful run (less a day, so bars that closed since are fetched) up to now.</summary>
    public async Task<IngestWindow> CatchUpWindowAsync(string source, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var lastTo = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT MAX(window_to) FROM ingest_runs WHERE source = @source AND kind = 'ingest' AND outcome IN ('succeeded', 'partial')",
            new { source }, cancellationToken: cancellationToken));
        if (lastTo is not { } last)
        {
            return new IngestWindow(StartOfDay(now - FirstRunLookback), now);
        }

        var from = StartOfDay(DateTimeOffset.FromUnixTimeMilliseconds(last)).AddDays(-1);
        return new IngestWindow(from, now);
    }

    private static DateTimeOffset StartOfDay(DateTimeOffset time) => new(time.UtcDateTime.Date, TimeSpan.Zero);

    private static string Stored(IngestBatchWriter writer, string error) =>
        writer.BatchesStored == 0
            ? $"{error} (nothing stored)"
            : $"{error} ({writer.BatchesStored} batch{(writer.BatchesStored == 1 ? "" : "es")} stored before the failure stay; the failing batch stored nothing)";
}
