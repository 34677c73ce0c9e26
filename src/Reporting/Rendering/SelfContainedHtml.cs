using System.Text.RegularExpressions;

namespace ReportForge.Reporting.Rendering;

/// <summary>Refuses HTML that would load anything: a brief is one self-contained document whose images are data: URIs and which runs no script.</summary>
/// <remarks>Links (&lt;a href&gt;) are fine: printing never follows them. Chromium is also told to block every request, so this check is the clear error and the block the guarantee.</remarks>
public static partial class SelfContainedHtml
{
    private static readonly HashSet<string> LoadingHrefTags = new(StringComparer.OrdinalIgnoreCase) { "link", "image", "use", "feimage", "base" };

    /// <exception cref="ExternalResourceException">The HTML refers to a resource that is not inline, or contains a script.</exception>
    public static void EnsureSelfContained(string html)
    {
        foreach (Match tag in Tag().Matches(html))
        {
            var name = tag.Groups["name"].Value;
            if (name.Equals("script", StringComparison.OrdinalIgnoreCase))
            {
                throw new ExternalResourceException(null, "<script>", LineOf(html, tag.Index), "a brief runs no JavaScript; remove the script from the template");
            }

            if (name.Equals("meta", StringComparison.OrdinalIgnoreCase) && tag.Value.Contains("refresh", StringComparison.OrdinalIgnoreCase))
            {
                throw new ExternalResourceException(null, "<meta http-equiv=refresh>", LineOf(html, tag.Index), "a brief never navigates; remove the refresh");
            }

            foreach (Match attribute in Attribute().Matches(tag.Groups["attributes"].Value))
            {
                var key = attribute.Groups["key"].Value.ToLowerInvariant();
                var loads = key is "src" or "srcset" or "poster" or "data" or "background" or "xlink:href"
                            || (key == "href" && LoadingHrefTags.Contains(name));
                var value = attribute.Groups["dq"].Success ? attribute.Groups["dq"].Value
                    : attribute.Groups["sq"].Success ? attribute.Groups["sq"].Value : attribute.Groups["bare"].Value;
                if (loads && !IsInline(value))
                {
                    throw new ExternalResourceException(value, $"<{name} {key}>", LineOf(html, tag.Index), Advice);
                }

                // style="", and SVG paint attributes such as fill="url(#hatch)", may carry CSS url()s.
                if (value.Contains("url(", StringComparison.OrdinalIgnoreCase) || key == "style")
                {
                    CheckCss(System.Net.WebUtility.HtmlDecode(value), LineOf(html, tag.Index));
                }
            }
        }

        foreach (Match style in StyleBlock().Matches(html))
        {
            CheckCss(style.Groups["css"].Value, LineOf(html, style.Index));
        }
    }

    private const string Advice = "a brief loads nothing from the network or the disk; inline the image as a data: URI (a logo: set Brand:LogoPath) or remove it";

    private static void CheckCss(string css, int line)
    {
        if (CssImport().Match(css) is { Success: true } import)
        {
            throw new ExternalResourceException(import.Groups["url"].Value, "CSS @import", line + LineOf(css, import.Index) - 1, "put the rules into the stylesheet template instead");
        }

        foreach (Match url in CssUrl().Matches(css))
        {
            if (!IsInline(url.Groups["url"].Value))
            {
                throw new ExternalResourceException(url.Groups["url"].Value.Trim(), "CSS url()", line + LineOf(css, url.Index) - 1, Advice);
            }
        }
    }

    private static bool IsInline(string value)
    {
        var trimmed = value.Trim();
        return trimmed.Length == 0 || trimmed.StartsWith('#') || trimmed.StartsWith("data:", StringComparison.OrdinalIgnoreCase);
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

    [GeneratedRegex(@"<(?<name>[a-zA-Z][\w:-]*)(?<attributes>(?:""[^""]*""|'[^']*'|[^'"">])*)>", RegexOptions.CultureInvariant)]
    private static partial Regex Tag();

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
