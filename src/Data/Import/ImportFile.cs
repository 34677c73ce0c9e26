using System.Data.Common;

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
    /// </summary>
    StreamedFile ParseAndStore(TextReader reader, string source, DbTransaction transaction, CancellationToken cancellationToken);
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

    public ParsedFile Parse(TextReader reader, string source, CancellationToken cancellationToken)
    {
        var errors = new List<ImportError>();
        var records = new List<TRecord>();
        ParseCore(reader, source, records.Add, errors, cancellationToken);
        return Result(records, errors);
    }

    public StreamedFile ParseAndStore(TextReader reader, string source, DbTransaction transaction, CancellationToken cancellationToken)
    {
        // Parsing and SQLite inserts each take about half of an import: on two cores they overlap. Large chunks
        // (a few MB, two waiting at most) keep the storing side's per-batch set-up rare.
        const int ChunkSize = 65536;
        using var chunks = new System.Collections.Concurrent.BlockingCollection<List<TRecord>>(boundedCapacity: 2);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
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
        var current = new List<TRecord>(ChunkSize);
        try
        {
            ParseCore(reader, source, record =>
            {
                if (errors.Count > 0)
                {
                    return; // the file is refused: nothing more is worth storing
                }

                count++;
                current.Add(record);
                if (current.Count == ChunkSize)
                {
                    chunks.Add(current, stop.Token);
                    current = new List<TRecord>(ChunkSize);
                }
            }, errors, stop.Token);
            if (errors.Count == 0 && current.Count > 0)
            {
                chunks.Add(current, stop.Token);
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
        return errors.Count > 0 ? new StreamedFile(errors, 0, 0) : new StreamedFile(errors, count, changed);
    }

    private void ParseCore(TextReader reader, string source, Action<TRecord> onRecord, List<ImportError> errors, CancellationToken cancellationToken)
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
            var seen = new Dictionary<TKey, int>();
            while (csv.Read() is { } record)
            {
                if ((record.Line & 0xFFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                if (record.Fields.Length == 1 && record.Fields[0].Length == 0)
                {
                    continue; // a blank line, e.g. at the end of the file
                }

                if (record.Fields.Length != header.Fields.Length)
                {
                    errors.Add(new ImportError(FileName, record.Line, "(row)", $"has {record.Fields.Length} fields, the header has {header.Fields.Length}"));
                }
                else
                {
                    row.Load(record.Fields);
                    try
                    {
                        var parsed = ParseRow(row, source);
                        var key = KeyOf(parsed);
                        if (seen.TryGetValue(key, out var firstLine))
                        {
                            errors.Add(new ImportError(FileName, record.Line, "(row)", $"repeats the key of line {firstLine}; each row must be unique"));
                        }
                        else
                        {
                            seen.Add(key, record.Line);
                            onRecord(parsed);
                        }
                    }
                    catch (ImportFieldException e)
                    {
                        errors.Add(new ImportError(FileName, record.Line, e.Column, e.Reason));
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
            if (!Columns.Contains(name))
            {
                errors.Add(new ImportError(FileName, 1, name, $"is not a column of {FileName}; the columns are {string.Join(',', Columns)}"));
            }
            else if (!columns.TryAdd(name, i))
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

        public override int Store(DbTransaction transaction, CancellationToken cancellationToken) =>
            file.Store(transaction, records, cancellationToken);
    }
}
