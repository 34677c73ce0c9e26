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

    private readonly IReadOnlyDictionary<string, int> _columns;
    private string[] _fields = [];

    internal ImportRow(IReadOnlyDictionary<string, int> columns) => _columns = columns;

    internal void Load(string[] fields) => _fields = fields;

    /// <summary>The raw text of a column, trimmed.</summary>
    public string Text(string column) => _fields[_columns[column]].Trim();

    /// <summary>A required, non-empty text.</summary>
    public string RequiredText(string column)
    {
        var value = Text(column);
        return value.Length > 0 ? value : throw new ImportFieldException(column, "is empty; a value is required");
    }

    /// <summary>A required ISO-8601 UTC time such as 2025-02-03T00:00:00Z.</summary>
    public DateTimeOffset UtcTime(string column)
    {
        var text = RequiredText(column);
        if (TryParseUtcFast(text, out var fast))
        {
            return fast;
        }

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
    private static bool TryParseUtcFast(string text, out DateTimeOffset time)
    {
        time = default;
        var s = text.AsSpan();
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
        var text = RequiredText(column);
        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new ImportFieldException(column, $"'{text}' is not a date; write it like 2025-02-03");
    }

    /// <summary>A required finite number with a '.' decimal point and no thousands separators.</summary>
    public double Number(string column, bool allowNegative = false)
    {
        var text = RequiredText(column);
        return ParseNumber(column, text, allowNegative);
    }

    /// <summary>An optional number: an empty field is null (unknown).</summary>
    public double? OptionalNumber(string column, bool allowNegative = false)
    {
        var text = Text(column);
        return text.Length == 0 ? null : ParseNumber(column, text, allowNegative);
    }

    /// <summary>An optional non-negative whole number: an empty field is null (unknown).</summary>
    public long? OptionalCount(string column)
    {
        var text = Text(column);
        if (text.Length == 0)
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            ? count
            : throw new ImportFieldException(column, $"'{text}' is not a whole number ≥ 0 (digits only, no separators)");
    }

    private static double ParseNumber(string column, string text, bool allowNegative)
    {
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
}
