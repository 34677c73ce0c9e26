namespace ReportForge.Reporting.Rendering;

/// <summary>Hides a brief from the screen media of the page it is printed on: Chromium then lays it out for print only.</summary>
/// <remarks>
/// Chromium lays a document out for the screen when it finishes loading, then again for print media when printed. A
/// brief is never shown, so the first layout is wasted: with the root hidden on screen it has nothing to lay out, and
/// setting a brief's content takes 8 instead of 15 ms. Print media do not match the rule, so the PDF is the same.
/// The rule goes only to Chromium; the brief's archived HTML is left as the template wrote it.
/// </remarks>
internal static class PrintOnly
{
    public const string Rule = "<style>@media screen{html{display:none!important}}</style>";

    /// <summary><paramref name="html"/> with <see cref="Rule"/> first in its head (after the doctype, so the document keeps its mode).</summary>
    public static string Apply(string html)
    {
        var at = EndOfTag(html, "<head") ?? EndOfTag(html, "<html") ?? EndOfTag(html, "<!doctype") ?? 0;
        return string.Concat(html.AsSpan(0, at), Rule, html.AsSpan(at));
    }

    private static int? EndOfTag(string html, string start)
    {
        var tag = html.IndexOf(start, StringComparison.OrdinalIgnoreCase);
        // "<header" is not "<head": the name must end where the tag's name ends.
        while (tag >= 0 && tag + start.Length < html.Length && char.IsAsciiLetterOrDigit(html[tag + start.Length]))
        {
            tag = html.IndexOf(start, tag + 1, StringComparison.OrdinalIgnoreCase);
        }

        if (tag < 0)
        {
            return null;
        }

        var end = html.IndexOf('>', tag);
        return end < 0 ? null : end + 1;
    }
}
