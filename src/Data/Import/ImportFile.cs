using Microsoft.Data.Sqlite;

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
}

/// <summary>A parsed file: either rows ready to store, or the errors that refuse it.</summary>
public abstract class ParsedFile
{
    public required string FileName { get; init; }
    public required IReadOnlyList<ImportError> Errors { get; init; }
    public abstract int RowCount { get; }

    /// <summary>Stores the rows inside the caller's transaction; returns how many rows were new or changed.</summary>
    public abstract int Store(SqliteTransaction transaction, CancellationToken cancellationToken);
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
    protected abstract int Store(SqliteTransaction transaction, IReadOnlyList<TRecord> records, CancellationToken cancellationToken);

    public ParsedFile Parse(TextReader reader, string source, CancellationToken cancellationToken)
    {
        var errors = new List<ImportError>();
        var records = new List<TRecord>();
        var csv = new CsvRecordReader(reader);
        try
        {
            var header = csv.Read();
            if (header is null)
            {
                return Result(records, [new ImportError(FileName, 1, "(header)", $"the file is empty; the first line must be the header {string.Join(',', Columns)}")]);
            }

            var columns = MapHeader(header, errors);
            if (errors.Count > 0)
            {
                return Result(records, errors);
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
                            records.Add(parsed);
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

        return Result(records, errors);
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

        public override int Store(SqliteTransaction transaction, CancellationToken cancellationToken) =>
            file.Store(transaction, records, cancellationToken);
    }
}
