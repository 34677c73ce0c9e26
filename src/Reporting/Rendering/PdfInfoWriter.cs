using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ReportForge.Reporting.Rendering;

/// <summary>Sets a PDF's document information (title, author, subject, keywords, creator, dates) by an incremental update.</summary>
/// <remarks>
/// The original bytes stay untouched; a new Info object, a one-entry cross-reference section and a trailer whose /Prev
/// points at the previous section are appended (PDF 32000-1, 7.5.6). Readers take the newest trailer's /Info.
/// Chromium writes a classic cross-reference table, the only kind handled here.
/// </remarks>
public static partial class PdfInfoWriter
{
    /// <exception cref="FormatException">The bytes are not a PDF this writer can update.</exception>
    public static byte[] WithInfo(byte[] pdf, PdfMetadata metadata)
    {
        var latin1 = Encoding.Latin1;
        var tailStart = Math.Max(0, pdf.Length - 4096);
        var tail = latin1.GetString(pdf, tailStart, pdf.Length - tailStart);
        var startXrefAt = tail.LastIndexOf("startxref", StringComparison.Ordinal);
        if (startXrefAt < 0 || StartXref().Match(tail, startXrefAt) is not { Success: true } startXref)
        {
            throw new FormatException("The PDF has no startxref near its end.");
        }

        var previousXref = long.Parse(startXref.Groups[1].Value, CultureInfo.InvariantCulture);
        var trailerAt = tail.LastIndexOf("trailer", startXrefAt, StringComparison.Ordinal);
        if (trailerAt < 0)
        {
            throw new FormatException("The PDF's last cross-reference section is a stream (PDF 1.5+); only classic xref tables are updated.");
        }

        var trailer = tail[trailerAt..startXrefAt];
        if (trailer.Contains("/Encrypt", StringComparison.Ordinal))
        {
            throw new FormatException("The PDF is encrypted; its document information cannot be updated.");
        }

        var size = Size().Match(trailer) is { Success: true } s ? int.Parse(s.Groups[1].Value, CultureInfo.InvariantCulture)
            : throw new FormatException("The PDF's trailer has no /Size.");
        var root = Root().Match(trailer) is { Success: true } r ? r.Groups[1].Value
            : throw new FormatException("The PDF's trailer has no /Root.");
        var id = Id().Match(trailer) is { Success: true } i ? " /ID " + i.Groups[1].Value : "";

        var update = new StringBuilder();
        // A reader looks for "N 0 obj" at the recorded offset; the update starts on a fresh line.
        var separator = pdf.Length > 0 && pdf[^1] is (byte)'\n' or (byte)'\r' ? "" : "\n";
        update.Append(separator);
        var objectOffset = pdf.Length + update.Length;
        update.Append(CultureInfo.InvariantCulture, $"{size} 0 obj\n<<");
        Entry(update, "Title", metadata.Title);
        Entry(update, "Author", metadata.Author);
        Entry(update, "Subject", metadata.Subject);
        Entry(update, "Keywords", metadata.Keywords);
        Entry(update, "Creator", metadata.Creator);
        update.Append(" /CreationDate (").Append(Date(metadata.CreationDate)).Append(')');
        update.Append(" /ModDate (").Append(Date(metadata.CreationDate)).Append(')');
        update.Append(" >>\nendobj\n");
        var xrefOffset = pdf.Length + update.Length;
        // Each entry is exactly 20 bytes: 10-digit offset, 5-digit generation, 'n', and a two-byte end of line.
        update.Append(CultureInfo.InvariantCulture, $"xref\n{size} 1\n{objectOffset:D10} 00000 n \n");
        update.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {size + 1} /Root {root} /Info {size} 0 R /Prev {previousXref}{id} >>\n");
        update.Append(CultureInfo.InvariantCulture, $"startxref\n{xrefOffset}\n%%EOF\n");

        var appended = latin1.GetBytes(update.ToString());
        var result = new byte[pdf.Length + appended.Length];
        pdf.CopyTo(result, 0);
        appended.CopyTo(result, pdf.Length);
        return result;
    }

    /// <summary>A PDF text string: a literal string when plain ASCII, else UTF-16BE with a byte-order mark, written in hex.</summary>
    internal static string TextString(string text)
    {
        if (text.All(c => c is >= ' ' and <= '~'))
        {
            return "(" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("(", "\\(", StringComparison.Ordinal).Replace(")", "\\)", StringComparison.Ordinal) + ")";
        }

        return "<FEFF" + Convert.ToHexString(Encoding.BigEndianUnicode.GetBytes(text)) + ">";
    }

    /// <summary>D:YYYYMMDDHHmmSS+HH'mm' in the time's own offset.</summary>
    internal static string Date(DateTimeOffset time)
    {
        var offset = time.Offset;
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        return "D:" + time.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)
                    + (offset == TimeSpan.Zero ? "Z" : $"{sign}{Math.Abs(offset.Hours):D2}'{Math.Abs(offset.Minutes):D2}'");
    }

    private static void Entry(StringBuilder update, string key, string value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            update.Append(" /").Append(key).Append(' ').Append(TextString(value));
        }
    }

    [GeneratedRegex(@"startxref\s+(\d+)")]
    private static partial Regex StartXref();

    [GeneratedRegex(@"/Size\s+(\d+)")]
    private static partial Regex Size();

    [GeneratedRegex(@"/Root\s+(\d+\s+\d+\s+R)")]
    private static partial Regex Root();

    [GeneratedRegex(@"/ID\s*(\[[^\]]*\])")]
    private static partial Regex Id();
}
