namespace ReportForge.Reporting.Charts;

/// <summary>How wide a label prints, from Noto Sans advance widths with a safety margin, so labels can be placed before Chromium lays them out.</summary>
/// <remarks>The margin covers a brand font somewhat wider than Noto Sans; placement errs towards more space, never overlap.</remarks>
internal static class TextMetrics
{
    private const double Margin = 1.08;

    public static double Width(string text, double fontSize, bool bold = false)
    {
        double em = 0;
        foreach (var c in text)
        {
            em += c switch
            {
                >= '0' and <= '9' => 0.572,
                '$' => 0.572,
                ',' or '.' or ':' or ';' or '\'' or '|' => 0.27,
                ' ' or '\u00A0' => 0.26,
                '\u2009' or '\u202F' => 0.18,
                '−' or '-' or '–' => 0.5,
                '—' => 1.0,
                '%' => 0.85,
                '(' or ')' or '[' or ']' => 0.3,
                'i' or 'j' or 'l' or 'I' or 'f' or 't' or 'r' => 0.32,
                'm' or 'w' => 0.86,
                'M' or 'W' => 0.9,
                >= 'A' and <= 'Z' => 0.68,
                >= 'a' and <= 'z' => 0.56,
                _ => 0.62,
            };
        }

        return em * fontSize * Margin * (bold ? 1.06 : 1.0);
    }
}
