using System.Text;

namespace ReportForge.Data.Import;

/// <summary>One CSV record and the line it starts on (1-based, the header is line 1).</summary>
public sealed record CsvRecord(int Line, string[] Fields);

/// <summary>Reads RFC 4180 CSV: comma-separated, double-quoted fields may hold commas, quotes ("") and line breaks.</summary>
public sealed class CsvRecordReader
{
    private readonly TextReader _reader;
    private readonly StringBuilder _field = new();
    private readonly List<string> _fields = [];
    private int _line = 1;

    public CsvRecordReader(TextReader reader) => _reader = reader;

    /// <summary>Reads the next record, or null at the end of the input.</summary>
    /// <exception cref="CsvFormatException">A quoted field is not closed or a quote stands inside an unquoted field.</exception>
    public CsvRecord? Read()
    {
        _fields.Clear();
        _field.Clear();
        var startLine = _line;
        var inQuotes = false;
        var quotedField = false;
        var any = false;
        while (true)
        {
            var next = _reader.Read();
            if (next < 0)
            {
                if (inQuotes)
                {
                    throw new CsvFormatException(startLine, _fields.Count + 1, "a quoted field is not closed before the end of the file");
                }

                if (!any)
                {
                    return null;
                }

                _fields.Add(_field.ToString());
                return new CsvRecord(startLine, [.. _fields]);
            }

            any = true;
            var c = (char)next;
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (_reader.Peek() == '"')
                    {
                        _reader.Read();
                        _field.Append('"');
                    }
                    else
                    {
                        inQuotes = false;
                    }
                }
                else
                {
                    if (c == '\n')
                    {
                        _line++;
                    }

                    _field.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case ',':
                    _fields.Add(_field.ToString());
                    _field.Clear();
                    quotedField = false;
                    break;
                case '"' when _field.Length == 0 && !quotedField:
                    inQuotes = true;
                    quotedField = true;
                    break;
                case '"':
                    throw new CsvFormatException(_line, _fields.Count + 1, "a double quote stands inside an unquoted field; quote the whole field and double the inner quote");
                case '\r':
                    break;
                case '\n':
                    _line++;
                    _fields.Add(_field.ToString());
                    return new CsvRecord(startLine, [.. _fields]);
                default:
                    if (quotedField)
                    {
                        throw new CsvFormatException(_line, _fields.Count + 1, "text follows the closing quote of a quoted field");
                    }

                    _field.Append(c);
                    break;
            }
        }
    }
}

/// <summary>The CSV text itself is malformed at a line and field.</summary>
public sealed class CsvFormatException(int line, int fieldNumber, string reason) : Exception($"line {line}, field {fieldNumber}: {reason}")
{
    public int Line { get; } = line;
    public int FieldNumber { get; } = fieldNumber;
    public string Reason { get; } = reason;
}
