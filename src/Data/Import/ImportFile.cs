using System.Data.Common;
using ReportForge.Data.Storage;

namespace ReportForge.Data.Import;

/// <summary>One file of the import format: its name, its columns, how a row becomes a record and how records are stored.</summary>
public interface IImportFile
{
    /// <summary>File name inside a dataset folder, e.g. candles.csv.</summary>
    string FileName { get; }

    /// <summary>The exact set of header columns.</summary>
    IReadOnlyList<string> Columns { get; }

    /// <summary>Parses and validates the whole file; nothing is stored.</summary>
    ParsedFile Parse(TextReader reader, string source, CancellationToken cancellationToken);

    /// <summary>
    /// Parses and validates the whole file while a second thread stores the validated rows in the caller's transaction.
    /// The caller commits only when <see cref="StreamedFile.Errors"/> is empty and rolls back otherwise, so a bad file still stores nothing.
    /// <paramref name="expectedRows"/> is about how many rows the file holds (<see cref="CsvSize.EstimateRows"/>): a large file
    /// into a small table is loaded in bulk.
    /// </summary>
    StreamedFile ParseAndStore(TextReader reader, string source, long expectedRows, DbTransaction transaction, CancellationToken cancellationToken);
}

/// <summary>What <see cref="IImportFile.ParseAndStore"/> did: the errors that refuse the file, or the rows read and changed.</summary>
public sealed record StreamedFile(IReadOnlyList<ImportError> Errors, int RowCount, int RowsChanged);

/// <summary>A parsed file: either rows ready to store, or the errors that refuse it.</summary>
public abstract class ParsedFile
{
    public required string FileName { get; init; }
    public required IReadOnlyList<ImportError> Errors { get; init; }
    public abstract int RowCount { get; }

    /// <summary>Stores the rows inside the caller's transaction; returns how many rows were new or changed.</summary>
    public abstract int Store(DbTransaction transaction, CancellationToken cancellationToken);
}

/// <summary>Base of the import files: header checks, row loop, error collection and duplicate detection.</summary>
public abstract class ImportFile<TRecord, TKey> : IImportFile
    where TKey : notnull
{
    /// <summary>At most this many errors are listed for one file; the first already refuses it.</summary>
    private const int MaxErrors = 20;

    public abstract string FileName { get; }
    public abstract IReadOnlyList<string> Columns { get; }

    /// <summary>Builds a record from a validated row; throws <see cref="ImportFieldException"/> on a bad field.</summary>
    protected abstract TRecord ParseRow(ImportRow row, string source);

    /// <summary>The natural key the table upserts on.</summary>
    protected abstract TKey KeyOf(TRecord record);

    /// <summary>Stores the records in the caller's transaction.</summary>
    protected abstract int Store(DbTransaction transaction, IReadOnlyList<TRecord> records, CancellationToken cancellationToken);

    /// <summary>
    /// The records of a batch in the order they are best stored in, knowing whether <see cref="BeginStore"/> dropped indexes;
    /// runs on the parsing side, off the storing thread.
    /// </summary>
    protected virtual IReadOnlyList<TRecord> InStoreOrder(List<TRecord> records, bool indexesDeferred) => records;

    /// <summary>
    /// Readies the table for about <paramref name="expectedRows"/> rows before the first is stored; what it returns is
    /// completed after the last one (e.g. indexes dropped for a bulk load and built again). Null: rows are stored as they come.
    /// </summary>
    private protected virtual DeferredIndexes? BeginStore(DbTransaction transaction, long expectedRows, CancellationToken cancellationToken) => null;

    public ParsedFile Parse(TextReader reader, string source, CancellationToken cancellationToken)
    {
        var errors = new List<ImportError>();
        var records = new List<TRecord>();
        ParseCore(reader, source, 0, records.Add, errors, cancellationToken);
        return Result(records, errors);
    }

    public StreamedFile ParseAndStore(TextReader reader, string source, long expectedRows, DbTransaction transaction, CancellationToken cancellationToken)
    {
        // Parsing and SQLite inserts overlap on two cores, the storing side being the slower one. Chunks start small, so
        // that storing starts early, and double up to a few MB (two waiting at most): large chunks keep the storing
        // side's per-batch set-up rare and, sorted, let its inserts land next to each other.
        const int FirstChunk = 8192;
        const int LargestChunk = 131072;
        using var chunks = new System.Collections.Concurrent.BlockingCollection<IReadOnlyList<TRecord>>(boundedCapacity: 2);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var deferred = BeginStore(transaction, expectedRows, cancellationToken);
        var changed = 0;
        var storing = Task.Run(() =>
        {
            try
            {
                foreach (var chunk in chunks.GetConsumingEnumerable(stop.Token))
                {
                    changed += Store(transaction, chunk, stop.Token);
                }
            }
            catch
            {
                stop.Cancel();
                throw;
            }
        }, CancellationToken.None);

        var errors = new List<ImportError>();
        var count = 0;
        var current = new List<TRecord>(FirstChunk);
        try
        {
            ParseCore(reader, source, expectedRows, record =>
            {
                if (errors.Count > 0)
                {
                    return; // the file is refused: nothing more is worth storing
                }

                count++;
                current.Add(record);
                if (current.Count == current.Capacity)
                {
                    chunks.Add(InStoreOrder(current, deferred is not null), stop.Token);
                    current = new List<TRecord>(Math.Min(current.Capacity * 2, LargestChunk));
                }
            }, errors, stop.Token);
            if (errors.Count == 0 && current.Count > 0)
            {
                chunks.Add(InStoreOrder(current, deferred is not null), stop.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The storing side failed; its exception is rethrown below.
        }
        finally
        {
            chunks.CompleteAdding();
            // Never hand the transaction back while the storing thread may still use it.
            ((IAsyncResult)storing).AsyncWaitHandle.WaitOne();
        }

        storing.GetAwaiter().GetResult();
        if (errors.Count > 0)
        {
            // The caller rolls back, which also brings back anything BeginStore dropped.
            return new StreamedFile(errors, 0, 0);
        }

        deferred?.Rebuild(cancellationToken);
        return new StreamedFile(errors, count, changed);
    }

    private void ParseCore(TextReader reader, string source, long expectedRows, Action<TRecord> onRecord, List<ImportError> errors, CancellationToken cancellationToken)
    {
        var csv = new CsvRecordReader(reader);
        try
        {
            var header = csv.Read();
            if (header is null)
            {
                errors.Add(new ImportError(FileName, 1, "(header)", $"the file is empty; the first line must be the header {string.Join(',', Columns)}"));
                return;
            }

            var columns = MapHeader(header, errors);
            if (errors.Count > 0)
            {
                return;
            }

            var row = new ImportRow(columns);
            row.Load(csv);
            // Sized for the file up front: growing a table of a few hundred thousand keys rehashes them all several times.
            var seen = new Dictionary<TKey, int>((int)Math.Clamp(expectedRows, 0, 1 << 20));
            while (csv.MoveNext())
            {
                if ((csv.Line & 0xFFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                if (csv.FieldCount == 1 && csv.Field(0).Length == 0)
                {
                    continue; // a blank line, e.g. at the end of the file
                }

                if (csv.FieldCount != header.Fields.Length)
                {
                    errors.Add(new ImportError(FileName, csv.Line, "(row)", $"has {csv.FieldCount} fields, the header has {header.Fields.Length}"));
                }
                else
                {
                    try
                    {
                        var parsed = ParseRow(row, source);
                        var key = KeyOf(parsed);
                        if (seen.TryGetValue(key, out var firstLine))
                        {
                            errors.Add(new ImportError(FileName, csv.Line, "(row)", $"repeats the key of line {firstLine}; each row must be unique"));
                        }
                        else
                        {
                            seen.Add(key, csv.Line);
                            onRecord(parsed);
                        }
                    }
                    catch (ImportFieldException e)
                    {
                        errors.Add(new ImportError(FileName, csv.Line, e.Column, e.Reason));
                    }
                }

                if (errors.Count >= MaxErrors)
                {
                    break;
                }
            }
        }
        catch (CsvFormatException e)
        {
            errors.Add(new ImportError(FileName, e.Line, $"field {e.FieldNumber}", e.Reason));
        }
    }

    private Dictionary<string, int> MapHeader(CsvRecord header, List<ImportError> errors)
    {
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Fields.Length; i++)
        {
            var name = header.Fields[i].Trim().TrimStart('\uFEFF');
            // Keyed by the column list's own string, the one rows ask for (ImportRow finds it by reference).
            var column = Columns.FirstOrDefault(c => c == name);
            if (column is null)
            {
                errors.Add(new ImportError(FileName, 1, name, $"is not a column of {FileName}; the columns are {string.Join(',', Columns)}"));
            }
            else if (!columns.TryAdd(column, i))
            {
                errors.Add(new ImportError(FileName, 1, name, "appears twice in the header"));
            }
        }

        foreach (var missing in Columns.Where(c => !columns.ContainsKey(c)))
        {
            errors.Add(new ImportError(FileName, 1, missing, $"is missing from the header; the columns are {string.Join(',', Columns)}"));
        }

        return columns;
    }

    private Parsed Result(List<TRecord> records, List<ImportError> errors) =>
        new(this, errors.Count == 0 ? records : []) { FileName = FileName, Errors = errors };

    private sealed class Parsed(ImportFile<TRecord, TKey> file, List<TRecord> records) : ParsedFile
    {
        public override int RowCount => records.Count;

        public override int Store(DbTransaction transaction, CancellationToken cancellationToken)
        {
            var deferred = file.BeginStore(transaction, records.Count, cancellationToken);
            var changed = file.Store(transaction, file.InStoreOrder(records, deferred is not null), cancellationToken);
            deferred?.Rebuild(cancellationToken);
            return changed;
        }
    }
}
