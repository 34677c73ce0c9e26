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
