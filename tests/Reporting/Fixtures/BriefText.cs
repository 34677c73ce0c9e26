using System.Net;
using System.Text.RegularExpressions;

namespace ReportForge.Reporting.Tests.Fixtures;

/// <summary>The text a reader sees in a brief's HTML: tags and the stylesheet removed, entities decoded, whitespace collapsed.</summary>
internal static partial class BriefText
{
    public static string Of(string html)
    {
        // Chart labels (an axis starting at "$0") are not prose; the chart tests check them.
        var body = StyleBlock().Replace(html, " ");
        body = SvgBlock().Replace(body, " ");
        body = Tag().Replace(body, " ");
        return Space().Replace(WebUtility.HtmlDecode(body), " ").Trim();
    }

    /// <summary>The sentences of the text (split after . ? ! followed by a space and a capital or a digit).</summary>
    public static IReadOnlyList<string> Sentences(string text) => SentenceEnd().Split(text);

    [GeneratedRegex(@"<style[\s\S]*?</style>", RegexOptions.IgnoreCase)]
    private static partial Regex StyleBlock();

    [GeneratedRegex(@"<svg[\s\S]*?</svg>", RegexOptions.IgnoreCase)]
    private static partial Regex SvgBlock();

    [GeneratedRegex(@"<[^>]+>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Space();

    [GeneratedRegex(@"(?<=[.?!])\s+(?=[A-Z0-9$])")]
    private static partial Regex SentenceEnd();
}
