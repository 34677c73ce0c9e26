using System.Text.RegularExpressions;

namespace ReportForge.Reporting.Rendering;

/// <summary>Refuses HTML that would load anything: a brief is one self-contained document whose images are data: URIs and which runs no script.</summary>
/// <remarks>Links (&lt;a href&gt;) are fine: printing never follows them. Chromium is also told to block every request, so this check is the clear error and the block the guarantee.</remarks>
public static partial class SelfContainedHtml
{
    // Every attribute that loads (src, srcset, poster, data, background, xlink:href, href) or may carry a CSS url() names one of these.
    private static readonly System.Buffers.SearchValues<string> LoadingWords =
        System.Buffers.SearchValues.Create(["src", "href", "poster", "data", "background", "url(", "style"], StringComparison.OrdinalIgnoreCase);

    private static readonly HashSet<string> LoadingHrefTags = new(StringComparer.OrdinalIgnoreCase) { "link", "image", "use", "feimage", "base" };

    /// <exception cref="ExternalResourceException">The HTML refers to a resource that is not inline, or contains a script.</exception>
    public static void EnsureSelfContained(string html)
    {
        foreach (var (index, name, attributesStart, attributesLength) in Tags(html))
        {
            if (name.Equals("script", StringComparison.OrdinalIgnoreCase))
            {
                throw new ExternalResourceException(null, "<script>", LineOf(html, index), "a brief runs no JavaScript; remove the script from the template");
            }

            var attributeText = html.AsSpan(attributesStart, attributesLength);
            if (name.Equals("meta", StringComparison.OrdinalIgnoreCase) && attributeText.Contains("refresh", StringComparison.OrdinalIgnoreCase))
            {
                throw new ExternalResourceException(null, "<meta http-equiv=refresh>", LineOf(html, index), "a brief never navigates; remove the refresh");
            }

            // Most tags of a brief (chart lines, text, table cells) carry no attribute that could load anything:
            // only those mentioning one are parsed attribute by attribute.
            if (!attributeText.ContainsAny(LoadingWords))
            {
                continue;
            }

            foreach (Match attribute in Attribute().Matches(attributeText.ToString()))
            {
                var key = attribute.Groups["key"].Value.ToLowerInvariant();
                var loads = key is "src" or "srcset" or "poster" or "data" or "background" or "xlink:href"
                            || (key == "href" && LoadingHrefTags.Contains(name));
                var value = attribute.Groups["dq"].Success ? attribute.Groups["dq"].Value
                    : attribute.Groups["sq"].Success ? attribute.Groups["sq"].Value : attribute.Groups["bare"].Value;
                if (loads && !IsInline(value))
                {
                    throw new ExternalResourceException(value, $"<{name} {key}>", LineOf(html, index), Advice);
                }

                // style="", and SVG paint attributes such as fill="url(#hatch)", may carry CSS url()s.
                if (value.Contains("url(", StringComparison.OrdinalIgnoreCase) || key == "style")
                {
                    CheckCss(System.Net.WebUtility.HtmlDecode(value), html, index);
                }
            }
        }

        foreach (Match style in StyleBlock().Matches(html))
        {
            CheckCss(style.Groups["css"].Value, html, style.Index);
        }
    }

    private const string Advice = "a brief loads nothing from the network or the disk; inline the image as a data: URI (a logo: set Brand:LogoPath) or remove it";

    // The line is counted only for an error: counting it for every checked attribute cost a millisecond per brief.
    private static void CheckCss(string css, string html, int index)
    {
        if (CssImport().Match(css) is { Success: true } import)
        {
            throw new ExternalResourceException(import.Groups["url"].Value, "CSS @import", LineOf(html, index) + LineOf(css, import.Index) - 1, "put the rules into the stylesheet template instead");
        }

        foreach (Match url in CssUrl().Matches(css))
        {
            if (!IsInline(url.Groups["url"].Value))
            {
                throw new ExternalResourceException(url.Groups["url"].Value.Trim(), "CSS url()", LineOf(html, index) + LineOf(css, url.Index) - 1, Advice);
            }
        }
    }

    private static bool IsInline(string value)
    {
        var trimmed = value.Trim();
        return trimmed.Length == 0 || trimmed.StartsWith('#') || trimmed.StartsWith("data:", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Each start tag: where it begins, its name, and the span of its attributes (quoted values may hold '&gt;').</summary>
    /// <remarks>A hand-written scan: a brief has hundreds of tags, and a regular expression spent a millisecond or two on them.</remarks>
    private static IEnumerable<(int Index, string Name, int AttributesStart, int AttributesLength)> Tags(string html)
    {
        var i = 0;
        while ((i = html.IndexOf('<', i)) >= 0 && i + 1 < html.Length)
        {
            var start = i++;
            if (!char.IsAsciiLetter(html[i]))
            {
                continue;
            }

            var nameEnd = i + 1;
            while (nameEnd < html.Length && (char.IsAsciiLetterOrDigit(html[nameEnd]) || html[nameEnd] is '_' or ':' or '-'))
            {
                nameEnd++;
            }

            var end = nameEnd;
            char quote = '\0';
            while (end < html.Length && (quote != '\0' || html[end] != '>'))
            {
                var c = html[end];
                if (quote != '\0')
                {
                    quote = c == quote ? '\0' : quote;
                }
                else if (c is '"' or '\'')
                {
                    quote = c;
                }

                end++;
            }

            if (end >= html.Length)
            {
                yield break; // an unclosed tag at the end: nothing Chromium would load
            }

            yield return (start, html[i..nameEnd], nameEnd, end - nameEnd);
            i = end + 1;
        }
    }

    private static int LineOf(string text, int index)
    {
        var line = 1;
        for (var i = 0; i < index && i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                line++;
            }
        }

        return line;
    }

    [GeneratedRegex(@"(?<key>[\w:-]+)\s*=\s*(?:""(?<dq>[^""]*)""|'(?<sq>[^']*)'|(?<bare>[^\s""'>]+))", RegexOptions.CultureInvariant)]
    private static partial Regex Attribute();

    [GeneratedRegex(@"<style\b[^>]*>(?<css>.*?)</style\s*>", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex StyleBlock();

    [GeneratedRegex(@"url\(\s*(?<q>['""]?)(?<url>[^'"")]*)\k<q>\s*\)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex CssUrl();

    [GeneratedRegex(@"@import\s+(?:url\()?\s*['""]?(?<url>[^'"");\s]*)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex CssImport();
}

/// <summary>A brief's HTML would load a resource from outside itself (or run a script); the render is refused.</summary>
public sealed class ExternalResourceException(string? url, string where, int? line, string advice)
    : Exception($"The brief refers to {(url is null ? where : $"an external resource '{url}' ({where})")}{(line is { } l ? $" at line {l} of its HTML" : "")}: {advice}.")
{
    /// <summary>The refused address, when there is one.</summary>
    public string? Url { get; } = url;
}
