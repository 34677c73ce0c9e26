using System.Globalization;

namespace ReportForge.Data.Import;

/// <summary>Typed, validated access to one CSV record by column name.</summary>
public sealed class ImportRow
{
    private static readonly string[] TimeFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss'Z'",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'",
        "yyyy-MM-dd'T'HH:mm'Z'",
        "yyyy-MM-dd'T'HH:mm:sszzz",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz",
    ];

    // Names repeat across rows (a handful of exchanges, symbols, assets): one string each instead of one per row.
    private const int MaxNames = 4096;
    private const int MaxNameLength = 64;

    private readonly IReadOnlyDictionary<string, int> _columns;
    private readonly string[] _columnNames;
    private readonly int[] _columnIndexes;
    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _namesBySpan;
    private CsvRecordReader? _record;

    internal ImportRow(IReadOnlyDictionary<string, int> columns)
    {
        _columns = columns;
        _columnNames = [.. columns.Keys];
        _columnIndexes = [.. _columnNames.Select(c => columns[c])];
        _namesBySpan = _names.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Reads the current record of <paramref name="record"/> until the next load.</summary>
    internal void Load(CsvRecordReader record) => _record = record;

    /// <summary>The raw text of a column, trimmed.</summary>
    public string Text(string column) => Span(column).ToString();

    /// <summary>A required, non-empty text.</summary>
    public string RequiredText(string column) => Required(column).ToString();

    /// <summary>A required, non-empty name that repeats across rows (an exchange, a symbol, an asset): equal names come as one string.</summary>
    public string RequiredName(string column)
    {
        var value = Required(column);
        if (_namesBySpan.TryGetValue(value, out var name))
        {
            return name;
        }

        name = value.ToString();
        if (_names.Count < MaxNames && name.Length <= MaxNameLength)
        {
            _names.Add(name, name);
        }

        return name;
    }

    private ReadOnlySpan<char> Required(string column)
    {
        var value = Span(column);
        return value.Length > 0 ? value : throw new ImportFieldException(column, "is empty; a value is required");
    }

    private ReadOnlySpan<char> Span(string column) => _record!.Field(IndexOf(column)).Trim();

    // Rows ask for their columns by the same literals the file's column list holds: comparing references finds them
    // without hashing the name for every field of every row.
    private int IndexOf(string column)
    {
        for (var i = 0; i < _columnNames.Length; i++)
        {
            if (ReferenceEquals(_columnNames[i], column))
            {
                return _columnIndexes[i];
            }
        }

        return _columns[column];
    }

    /// <summary>A required ISO-8601 UTC time such as 2025-02-03T00:00:00Z.</summary>
    public DateTimeOffset UtcTime(string column)
    {
        var span = Required(column);
        if (TryParseUtcFast(span, out var fast))
        {
            return fast;
        }

        var text = span.ToString();
        if (!DateTimeOffset.TryParseExact(text, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            throw new ImportFieldException(column, $"'{text}' is not an ISO-8601 UTC time; write it like 2025-02-03T00:00:00Z");
        }

        if (time.Offset != TimeSpan.Zero)
        {
            throw new ImportFieldException(column, $"'{text}' is not in UTC; convert it to UTC and end it with Z");
        }

        return time;
    }

    // The common shape (2025-02-03T00:00:00Z, optionally with up to 7 fraction digits) parsed by hand: the general
    // format-list parse costs more than the rest of a liquidation row together. Anything else takes the general path.
    private static bool TryParseUtcFast(ReadOnlySpan<char> s, out DateTimeOffset time)
    {
        time = default;
        if (s.Length < 20 || s[^1] != 'Z' || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':')
        {
            return false;
        }

        if (!Digits(s[..4], out var year) || !Digits(s.Slice(5, 2), out var month) || !Digits(s.Slice(8, 2), out var day)
            || !Digits(s.Slice(11, 2), out var hour) || !Digits(s.Slice(14, 2), out var minute) || !Digits(s.Slice(17, 2), out var second))
        {
            return false;
        }

        long fraction = 0;
        if (s.Length > 20)
        {
            var digits = s[20..^1];
            if (s[19] != '.' || digits.Length is < 1 or > 7 || !Digits(digits, out var value))
            {
                return false;
            }

            fraction = value;
            for (var i = digits.Length; i < 7; i++)
            {
                fraction *= 10;
            }
        }
        else if (s.Length != 20)
        {
            return false;
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        time = new DateTimeOffset(new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).AddTicks(fraction));
        return true;
    }

    private static bool Digits(ReadOnlySpan<char> span, out int value)
    {
        value = 0;
        foreach (var c in span)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }

    /// <summary>A required date such as 2025-02-03.</summary>
    public DateOnly Date(string column)
    {
        var text = Required(column);
        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new ImportFieldException(column, $"'{text}' is not a date; write it like 2025-02-03");
    }

    /// <summary>A required finite number with a '.' decimal point and no thousands separators.</summary>
    public double Number(string column, bool allowNegative = false) => ParseNumber(column, Required(column), allowNegative);

    /// <summary>An optional number: an empty field is null (unknown).</summary>
    public double? OptionalNumber(string column, bool allowNegative = false)
    {
        var text = Span(column);
        return text.Length == 0 ? null : ParseNumber(column, text, allowNegative);
    }

    /// <summary>An optional non-negative whole number: an empty field is null (unknown).</summary>
    public long? OptionalCount(string column)
    {
        var text = Span(column);
        if (text.Length == 0)
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            ? count
            : throw new ImportFieldException(column, $"'{text}' is not a whole number ≥ 0 (digits only, no separators)");
    }

    private static double ParseNumber(string column, ReadOnlySpan<char> text, bool allowNegative)
    {
        if (TryParsePlainDecimal(text, out var plain))
        {
            return plain;
        }

        var styles = NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent | NumberStyles.AllowLeadingSign;
        if (!double.TryParse(text, styles, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            throw new ImportFieldException(column, $"'{text}' is not a number; use digits with '.' as the decimal point and no thousands separators");
        }

        if (!allowNegative && value < 0)
        {
            throw new ImportFieldException(column, $"'{text}' is negative; this figure cannot be below zero");
        }

        return value;
    }

    // 10^0 … 10^22: the powers of ten a double holds exactly.
    private static readonly double[] ExactPowersOfTen =
        [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

    // The common shape of a figure (digits, a point, digits: 96834.12) parsed by hand, since double.TryParse costs a fifth of
    // a liquidation row. With at most 2^53 as the digits' integer and at most 22 of them after the point, both the integer
    // and the power of ten are exact doubles and one division rounds correctly (Clinger's fast path), so the result is the
    // double double.TryParse returns. Anything else (a sign, an exponent, more digits) takes the general path.
    internal static bool TryParsePlainDecimal(ReadOnlySpan<char> text, out double value)
    {
        const ulong MaxExact = 1UL << 53;
        value = 0;
        ulong digits = 0;
        var point = -1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '.' && point < 0 && i > 0 && i < text.Length - 1)
            {
                point = i;
                continue;
            }

            if (c is < '0' or > '9')
            {
                return false;
            }

            digits = (digits * 10) + (uint)(c - '0');
            if (digits > MaxExact)
            {
                return false;
            }
        }

        var decimals = point < 0 ? 0 : text.Length - point - 1;
        if (text.Length == 0 || decimals >= ExactPowersOfTen.Length)
        {
            return false;
        }

        value = digits / ExactPowersOfTen[decimals];
        return true;
    }
}
