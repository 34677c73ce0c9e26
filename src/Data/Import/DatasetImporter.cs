using System.Data.Common;
using ReportForge.Data.Candles;
using ReportForge.Data.Catalysts;
using ReportForge.Data.Derivatives;
using ReportForge.Data.Liquidations;
using ReportForge.Data.Market;
using ReportForge.Data.Runs;
using ReportForge.Data.Storage;

namespace ReportForge.Data.Import;

/// <summary>What happened to one file of a dataset.</summary>
public sealed record FileImportOutcome(string FileName, FileImportStatus Status, int RowsRead, int RowsChanged, IReadOnlyList<ImportError> Errors);

/// <summary>Whether a file was stored, refused or not there.</summary>
public enum FileImportStatus
{
    Stored,
    Refused,
    Absent,
}

/// <summary>The outcome of importing a dataset folder.</summary>
public sealed record DatasetImportResult(string Source, bool Sample, IReadOnlyList<FileImportOutcome> Files, IReadOnlyList<string> IgnoredFiles)
{
    public bool Succeeded => Files.All(f => f.Status != FileImportStatus.Refused);
}

/// <summary>Loads a folder in the import format: each file is validated whole, then upserted in one transaction, or refused.</summary>
public sealed class DatasetImporter(ReportForgeDatabase database, IngestRunStore runs)
{
    private readonly IImportFile[] _files =
    [
        new CandleFile(),
        new LiquidationBucketFile(tracked: false),
        new LiquidationOrderFile(),
        new MarketDayFile(),
        new DerivativesFile(),
        new CatalystFile(),
    ];

    /// <summary>The file names this importer understands.</summary>
    public IEnumerable<string> KnownFiles => _files.Select(f => f.FileName);

    /// <summary>Imports every known file of <paramref name="folder"/>; a bad file stores nothing and is reported with its errors.</summary>
    public async Task<DatasetImportResult> ImportAsync(string folder, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(folder))
        {
            throw new ImportFileRefusedException($"The folder '{folder}' does not exist; give the folder that holds candles.csv, liquidations.csv and the other files.");
        }

        var manifest = await DatasetManifest.ReadAsync(folder, cancellationToken);
        var runId = await runs.StartAsync(manifest.Source, "import", null, null, cancellationToken);
        var outcomes = new List<FileImportOutcome>();
        try
        {
            foreach (var file in _files)
            {
                outcomes.Add(await ImportFileAsync(folder, file, manifest, cancellationToken));
            }
        }
        catch (Exception e)
        {
            await runs.FinishAsync(runId, "failed", RowsByFile(outcomes), e.Message, CancellationToken.None);
            throw;
        }

        var refused = outcomes.Where(o => o.Status == FileImportStatus.Refused).ToList();
        await runs.FinishAsync(
            runId,
            refused.Count == 0 ? "succeeded" : refused.Count == outcomes.Count(o => o.Status != FileImportStatus.Absent) ? "failed" : "partial",
            RowsByFile(outcomes),
            refused.Count == 0 ? null : string.Join("; ", refused.SelectMany(o => o.Errors).Take(5)),
            cancellationToken);

        var known = _files.Select(f => f.FileName).Append(DatasetManifest.FileName).ToHashSet(StringComparer.Ordinal);
        var ignored = Directory.EnumerateFiles(folder, "*.csv").Select(Path.GetFileName).OfType<string>()
            .Where(n => !known.Contains(n)).Order(StringComparer.Ordinal).ToList();
        return new DatasetImportResult(manifest.Source, manifest.Sample, outcomes, ignored);
    }

    private async Task<FileImportOutcome> ImportFileAsync(string folder, IImportFile file, DatasetManifest manifest, CancellationToken cancellationToken)
    {
        var path = Path.Combine(folder, file.FileName);
        if (!File.Exists(path))
        {
            return new FileImportOutcome(file.FileName, FileImportStatus.Absent, 0, 0, []);
        }

        // Rows are stored while the file is still being validated; a refused file is rolled back, so it stores nothing.
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await SourceStore.UpsertAsync(transaction, new DataSource(manifest.Source, manifest.Description, manifest.Sample, Tracked: false), cancellationToken);
        var expectedRows = CsvSize.EstimateRows(path);
        StreamedFile streamed;
        using (var reader = new StreamReader(path, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16))
        {
            streamed = file.ParseAndStore(reader, manifest.Source, expectedRows, transaction, cancellationToken);
        }

        if (streamed.Errors.Count > 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            return new FileImportOutcome(file.FileName, FileImportStatus.Refused, 0, 0, streamed.Errors);
        }

        await transaction.CommitAsync(cancellationToken);
        return new FileImportOutcome(file.FileName, FileImportStatus.Stored, streamed.RowCount, streamed.RowsChanged, []);
    }

    private static Dictionary<string, int> RowsByFile(IEnumerable<FileImportOutcome> outcomes) =>
        outcomes.Where(o => o.Status == FileImportStatus.Stored).ToDictionary(o => o.FileName, o => o.RowsChanged, StringComparer.Ordinal);
}
