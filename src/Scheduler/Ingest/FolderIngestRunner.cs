using Microsoft.Extensions.Options;
using ReportForge.Data.Import;
using ReportForge.Data.Runs;
using ReportForge.Data.Storage;
using ReportForge.Scheduler.Service;

namespace ReportForge.Scheduler.Ingest;

/// <summary>Ingests drop folders in the import format (ReportForge:Ingest:Folders): each run imports the folder again (upsert).</summary>
public sealed class FolderIngestRunner(ReportForgeDatabase database, IOptions<ServiceOptions> options, TimeProvider clock) : IIngestRunner
{
    public IReadOnlyList<string> Sources => options.Value.Ingest.Folders.Keys.Order(StringComparer.Ordinal).ToList();

    public async Task<IngestOutcome> RunAsync(string source, DateTimeOffset? windowFrom, DateTimeOffset? windowTo, CancellationToken cancellationToken)
    {
        if (!options.Value.Ingest.Folders.TryGetValue(source, out var folder))
        {
            return new IngestOutcome(source, false, 0, $"No folder is configured for source '{source}' (ReportForge:Ingest:Folders:{source}).");
        }

        try
        {
            var result = await new DatasetImporter(database, new IngestRunStore(database, clock)).ImportAsync(folder, cancellationToken);
            var errors = result.Files.SelectMany(f => f.Errors).Take(3).Select(e => e.ToString()).ToList();
            return new IngestOutcome(source, result.Succeeded, result.Files.Sum(f => f.RowsChanged), errors.Count == 0 ? null : string.Join("; ", errors));
        }
        catch (ImportFileRefusedException e)
        {
            return new IngestOutcome(source, false, 0, e.Message);
        }
    }
}
