using System.Buffers;

namespace ReportForge.Data.Import;

/// <summary>One CSV record and the line it starts on (1-based, the header is line 1).</summary>
public sealed record CsvRecord(int Line, string[] Fields);

/// <summary>Reads RFC 4180 CSV: comma-separated, double-quoted fields may hold commas, quotes ("") and line breaks.</summary>
/// <remarks>
/// Scans a block buffer with a vectorised search for the next special character and copies the text between them
/// in one piece, instead of going character by character: an import spends most of its parsing time here.
/// <see cref="MoveNext"/> keeps the current record's fields in one reused buffer, read as spans with <see cref="Field"/>,
/// so a row costs no string unless its reader asks for one; <see cref="Read"/> returns the fields as strings.
/// </remarks>
public sealed class CsvRecordReader
{
    private static readonly SearchValues<char> Unquoted = SearchValues.Create(",\n\r\"");
    private static readonly SearchValues<char> Quoted = SearchValues.Create("\"\n");

    private readonly TextReader _reader;
    private readonly char[] _buffer = new char[1 << 16];
    private char[] _text = new char[256];
    private int _textLength;
    private int[] _ends = new int[16];
    private int _position;
    private int _length;
    private int _line = 1;

    public CsvRecordReader(TextReader reader) => _reader = reader;

    /// <summary>The line the current record starts on.</summary>
    public int Line { get; private set; }

    /// <summary>How many fields the current record has.</summary>
    public int FieldCount { get; private set; }

    /// <summary>The text of field <paramref name="index"/> of the current record, unquoted; valid until the next read.</summary>
    public ReadOnlySpan<char> Field(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)FieldCount, nameof(index));
        var start = index == 0 ? 0 : _ends[index - 1];
        return _text.AsSpan(start, _ends[index] - start);
    }

    /// <summary>Reads the next record, or null at the end of the input.</summary>
    /// <exception cref="CsvFormatException">A quoted field is not closed or a quote stands inside an unquoted field.</exception>
    public CsvRecord? Read()
    {
        if (!MoveNext())
        {
            return null;
        }

        var fields = new string[FieldCount];
        for (var i = 0; i < fields.Length; i++)
        {
            fields[i] = Field(i).ToString();
        }

        return new CsvRecord(Line, fields);
    }

    /// <summary>Reads the next record into <see cref="Line"/>, <see cref="FieldCount"/> and <see cref="Field"/>; false at the end of the input.</summary>
    /// <exception cref="CsvFormatException">A quoted field is not closed or a quote stands inside an unquoted field.</exception>
    public bool MoveNext()
    {
        FieldCount = 0;
        _textLength = 0;
        var fieldStart = 0;
        var startLine = _line;
        var inQuotes = false;
        var quotedField = false;
        var any = false;
        while (true)
        {
            if (_position >= _length && !Fill())
            {
                if (inQuotes)
                {
                    throw new CsvFormatException(startLine, FieldCount + 1, "a quoted field is not closed before the end of the file");
                }

                if (!any)
                {
                    return false;
                }

                EndField();
                Line = startLine;
                return true;
            }

            var rest = _buffer.AsSpan(_position, _length - _position);
            if (inQuotes)
            {
                var stop = rest.IndexOfAny(Quoted);
                any = true;
                if (stop < 0)
                {
                    Append(rest);
                    _position = _length;
                    continue;
                }

                Append(rest[..stop]);
                _position += stop + 1;
                if (rest[stop] == '\n')
                {
                    _line++;
                    Append("\n");
                }
                else if (PeekIsQuote())
                {
                    _position++;
                    Append("\"");
                }
                else
                {
                    inQuotes = false;
                }

                continue;
            }

            var next = rest.IndexOfAny(Unquoted);
            var text = next < 0 ? rest : rest[..next];
            if (text.Length > 0)
            {
                any = true;
                if (quotedField)
                {
                    throw new CsvFormatException(_line, FieldCount + 1, "text follows the closing quote of a quoted field");
                }

                Append(text);
                _position += text.Length;
            }

            if (next < 0)
            {
                continue;
            }

            any = true;
            var c = _buffer[_position++];
            switch (c)
            {
                case ',':
                    EndField();
                    fieldStart = _textLength;
                    quotedField = false;
                    break;
                case '"' when _textLength == fieldStart && !quotedField:
                    inQuotes = true;
                    quotedField = true;
                    break;
                case '"':
                    throw new CsvFormatException(_line, FieldCount + 1, "a double quote stands inside an unquoted field; quote the whole field and double the inner quote");
                case '\r':
                    break;
                default: // '\n'
                    _line++;
                    EndField();
                    Line = startLine;
                    return true;
            }
        }
    }

    private void Append(ReadOnlySpan<char> text)
    {
        if (_textLength + text.Length > _text.Length)
        {
            Array.Resize(ref _text, Math.Max(_text.Length * 2, _textLength + text.Length));
        }

        text.CopyTo(_text.AsSpan(_textLength));
        _textLength += text.Length;
    }

    private void EndField()
    {
        if (FieldCount == _ends.Length)
        {
            Array.Resize(ref _ends, _ends.Length * 2);
        }

        _ends[FieldCount++] = _textLength;
    }

    private bool Fill()
    {
        _length = _reader.Read(_buffer, 0, _buffer.Length);
        _position = 0;
        return _length > 0;
    }

    private bool PeekIsQuote() => (_position < _length || Fill()) && _buffer[_position] == '"';
}

/// <summary>The CSV text itself is malformed at a line and field.</summary>
public sealed class CsvFormatException(int line, int fieldNumber, string reason) : Exception($"line {line}, field {fieldNumber}: {reason}")
{
    public int Line { get; } = line;
    public int FieldNumber { get; } = fieldNumber;
    public string Reason { get; } = reason;
}
