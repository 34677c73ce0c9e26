using System.Text;

namespace ReportForge.SampleData;

/// <summary>RFC 4180 CSV: UTF-8 without BOM, LF line ends, fields quoted only when they need it.</summary>
internal static class Csv
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static int Write(string path, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        using var writer = new StreamWriter(path, append: false, Utf8) { NewLine = "\n" };
        writer.WriteLine(string.Join(',', header));
        var count = 0;
        foreach (var row in rows)
        {
            if (row.Count != header.Count)
            {
                throw new InvalidOperationException($"{Path.GetFileName(path)}: a row has {row.Count} fields, the header {header.Count}.");
            }

            writer.WriteLine(string.Join(',', row.Select(Field)));
            count++;
        }

        return count;
    }

    public static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    /// <summary>Reads a whole file back into records (header first), honouring quotes.</summary>
    public static List<string[]> Read(string path)
    {
        var text = File.ReadAllText(path, Utf8);
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var inQuotes = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inQuotes)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    inQuotes = false;
                }
                else
                {
                    field.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '"':
                    inQuotes = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    break;
                case '\n':
                    fields.Add(field.ToString());
                    field.Clear();
                    records.Add([.. fields]);
                    fields.Clear();
                    break;
                case '\r':
                    throw new FormatException($"{Path.GetFileName(path)}: CR in the file; lines must end with LF.");
                default:
                    field.Append(c);
                    break;
            }
        }

        if (field.Length > 0 || fields.Count > 0)
        {
            throw new FormatException($"{Path.GetFileName(path)}: the last line has no line end.");
        }

        return records;
    }
}
