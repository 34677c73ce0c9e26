namespace ReportForge.Scheduler.Ingest;

/// <summary>Runs the ingest of one source for a schedule: the seam the collectors plug into.</summary>
public interface IIngestRunner
{
    /// <summary>The sources this runner can ingest (what /health lists as collectors).</summary>
    IReadOnlyList<string> Sources { get; }

    /// <summary>Ingests <paramref name="source"/>; windowFrom/windowTo null means "whatever is new since the last run".</summary>
    Task<IngestOutcome> RunAsync(string source, DateTimeOffset? windowFrom, DateTimeOffset? windowTo, CancellationToken cancellationToken);
}

/// <summary>What an ingest did.</summary>
public sealed record IngestOutcome(string Source, bool Succeeded, int RowsChanged, string? Error);
