using ReportForge.Data.Ingest;

namespace ReportForge.Scheduler.Ingest;

/// <summary>Runs a schedule's ingest: a configured drop folder by its name, otherwise the live source of that name.</summary>
public sealed class SourceIngestRunner(FolderIngestRunner folders, IngestSourceCatalog catalog, IngestRunner runner) : IIngestRunner
{
    public IReadOnlyList<string> Sources =>
        folders.Sources.Concat(catalog.Enabled.Select(s => s.Name)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    public async Task<IngestOutcome> RunAsync(string source, DateTimeOffset? windowFrom, DateTimeOffset? windowTo, CancellationToken cancellationToken)
    {
        if (folders.Sources.Contains(source, StringComparer.Ordinal))
        {
            return await folders.RunAsync(source, windowFrom, windowTo, cancellationToken);
        }

        if (catalog.Find(source) is not { } live || !catalog.IsEnabled(live.Name))
        {
            return new IngestOutcome(source, false, 0,
                $"'{source}' is neither a drop folder (ReportForge:Ingest:Folders:{source}) nor an enabled live source ({IngestSourceCatalog.EnabledSetting(source)}).");
        }

        var window = windowFrom is { } from && windowTo is { } to ? new IngestWindow(from, to) : null;
        var outcome = await runner.RunAsync(live, window, progress: null, cancellationToken);
        return new IngestOutcome(live.Name, outcome.Succeeded, outcome.Rows.Values.Sum(), outcome.Error);
    }
}
