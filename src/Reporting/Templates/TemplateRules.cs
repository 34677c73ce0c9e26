using System.Text.RegularExpressions;

namespace ReportForge.Reporting.Templates;

/// <summary>What a template may not contain: anything that fetches from the network or runs script, and partials that call themselves.</summary>
/// <remarks>Handlebars itself has no file or network access; these rules keep the rendered page from reaching out in Chromium,
/// and keep a partial cycle from recursing until the process dies. A src= filled from data (the brand's inlined logo) passes here:
/// the rendered HTML is checked again before printing (SelfContainedHtml), where the value it got is known.</remarks>
public static partial class TemplateRules
{
    private static readonly (Regex Pattern, string Message)[] Forbidden =
    [
        (ScriptTag(), "<script> is not allowed: a brief runs no JavaScript"),
        (RemoteSource(), "a remote src= is not allowed: a brief fetches nothing from the network; inline the image as an SVG or a data: URI"),
        (RemoteUrl(), "a remote url(…) is not allowed: a brief fetches nothing from the network; use a data: URI or a system font"),
        (ImportRule(), "@import is not allowed: put the CSS in partials/stylesheet.hbs"),
        (EmbeddingTag(), "<iframe>, <object>, <embed> and <link> are not allowed: a brief loads nothing from outside"),
        (DynamicPartial(), "a dynamic partial {{> (…)}} is not allowed: name the partial, so cycles can be checked"),
    ];

    /// <summary>Every rule broken by the files of <paramref name="set"/>, with file and line.</summary>
    public static IReadOnlyList<TemplateProblem> Check(TemplateSet set)
    {
        var problems = new List<TemplateProblem>();
        foreach (var (file, content) in set.Files)
        {
            foreach (var (pattern, message) in Forbidden)
            {
                foreach (Match match in pattern.Matches(content))
                {
                    problems.Add(new TemplateProblem(file, LineOf(content, match.Index), message));
                }
            }
        }

        problems.AddRange(Cycles(set));
        return problems;
    }

    /// <summary>The 1-based line of a character index.</summary>
    public static int LineOf(string content, int index)
    {
        var line = 1;
        for (var i = 0; i < index && i < content.Length; i++)
        {
            if (content[i] == '\n')
            {
                line++;
            }
        }

        return line;
    }

    /// <summary>The partial name of a file under partials/, e.g. partials/summary.hbs → summary.</summary>
    public static string PartialName(string file) => Path.GetFileNameWithoutExtension(file);

    private static IEnumerable<TemplateProblem> Cycles(TemplateSet set)
    {
        var partials = set.Files.Where(f => f.Key.StartsWith(TemplateSet.PartialsFolder + "/", StringComparison.Ordinal))
            .ToDictionary(f => PartialName(f.Key), f => f, StringComparer.Ordinal);
        var calls = partials.ToDictionary(p => p.Key, p => PartialCall().Matches(p.Value.Value).Select(m => m.Groups["name"].Value).Distinct().ToList(), StringComparer.Ordinal);
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var start in calls.Keys.Order(StringComparer.Ordinal))
        {
            var path = new List<string>();
            if (FindCycle(start, calls, path, []) is { } cycle && reported.Add(string.Join(">", cycle.Order(StringComparer.Ordinal))))
            {
                var (file, content) = partials[cycle[0]];
                var match = PartialCall().Matches(content).First(m => m.Groups["name"].Value == cycle[1 % cycle.Count]);
                yield return new TemplateProblem(file, LineOf(content, match.Index),
                    $"partials call each other in a cycle ({string.Join(" → ", cycle.Append(cycle[0]))}); a render would never end");
            }
        }
    }

    private static List<string>? FindCycle(string node, Dictionary<string, List<string>> calls, List<string> path, HashSet<string> done)
    {
        var at = path.IndexOf(node);
        if (at >= 0)
        {
            return path[at..];
        }

        if (done.Contains(node) || !calls.TryGetValue(node, out var next))
        {
            return null;
        }

        path.Add(node);
        foreach (var callee in next)
        {
            if (FindCycle(callee, calls, path, done) is { } cycle)
            {
                return cycle;
            }
        }

        path.RemoveAt(path.Count - 1);
        done.Add(node);
        return null;
    }

    [GeneratedRegex(@"<\s*script\b", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptTag();

    [GeneratedRegex(@"\b(?:src|srcset|xlink:href|poster|data)\s*=\s*[""']?\s*(?:https?:|//|ftp:|file:)", RegexOptions.IgnoreCase)]
    private static partial Regex RemoteSource();

    [GeneratedRegex(@"url\(\s*[""']?\s*(?:https?:|//|ftp:|file:)", RegexOptions.IgnoreCase)]
    private static partial Regex RemoteUrl();

    [GeneratedRegex(@"@import\b", RegexOptions.IgnoreCase)]
    private static partial Regex ImportRule();

    [GeneratedRegex(@"<\s*(?:iframe|object|embed|link)\b", RegexOptions.IgnoreCase)]
    private static partial Regex EmbeddingTag();

    [GeneratedRegex(@"\{\{~?#?>\s*\(")]
    private static partial Regex DynamicPartial();

    [GeneratedRegex(@"\{\{~?#?>\s*(?<name>[\w./-]+)")]
    private static partial Regex PartialCall();
}
