using System.Text.RegularExpressions;
using HandlebarsDotNet;
using HandlebarsDotNet.Compiler;

namespace ReportForge.Reporting.Templates;

/// <summary>Finds the line of a template error: Handlebars reports compile errors without positions and runtime errors without files.</summary>
internal static partial class TemplateErrorLocator
{
    /// <summary>The first line at which the file, cut after that line, fails with the same message; else where the quoted token appears.</summary>
    public static int? CompileErrorLine(IHandlebars handlebars, string content, string message)
    {
        // The parser names the line where the bad expression starts, when it knows it.
        if (ParserPosition().Match(message) is { Success: true } position)
        {
            return int.Parse(position.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture);
        }

        var lines = content.Split('\n');
        for (var i = 1; i <= lines.Length; i++)
        {
            try
            {
                handlebars.Compile(string.Join('\n', lines.Take(i)));
            }
            catch (HandlebarsException e) when (e.Message == message)
            {
                return i;
            }
            catch (HandlebarsException)
            {
                // A cut in the middle of a block fails differently; keep reading.
            }
        }

        return QuotedToken().Match(message) is { Success: true } token && token.Groups[1].Value.Length > 0
            && content.IndexOf(token.Groups[1].Value, StringComparison.Ordinal) is var at and >= 0
            ? TemplateRules.LineOf(content, at)
            : null;
    }

    /// <summary>The line of the expression that failed: the unbound name, or the helper call whose argument is missing in the model.</summary>
    public static int? RuntimeErrorLine(string content, Exception error, IDictionary<string, object?> model)
    {
        if (error is HandlebarsUndefinedBindingException unbound)
        {
            foreach (var name in new[] { unbound.Path, unbound.MissingKey }.Where(n => !string.IsNullOrEmpty(n)))
            {
                var match = Regex.Match(content, @"\{\{[^}]*?(?<![\w.])" + Regex.Escape(name!) + @"(?![\w])");
                if (match.Success)
                {
                    return TemplateRules.LineOf(content, match.Index + match.Length - 1);
                }
            }

            return null;
        }

        if (HelperName().Match(error.Message) is not { Success: true } helper)
        {
            return null;
        }

        int? first = null;
        foreach (Match call in Regex.Matches(content, @"[{(]\s*#?" + Regex.Escape(helper.Groups[1].Value) + @"\s+(?<arg>[^\s})]+)"))
        {
            var line = TemplateRules.LineOf(content, call.Index);
            first ??= line;
            if (Resolve(model, call.Groups["arg"].Value) is null)
            {
                return line;
            }
        }

        return first;
    }

    // Resolves a root-relative path such as liquidations.largest.usd; a path that leaves the model resolves to null.
    private static object? Resolve(IDictionary<string, object?> model, string path)
    {
        object? current = model;
        foreach (var part in path.Replace("@root.", "", StringComparison.Ordinal).Split('.'))
        {
            if (current is IDictionary<string, object?> map && map.TryGetValue(part, out var next))
            {
                current = next;
            }
            else if (current is IList<object?> list && int.TryParse(part, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index) && index < list.Count)
            {
                current = list[index];
            }
            else
            {
                // Not a root path (a name inside #each, a literal): cannot tell, so it does not count as missing.
                return path.StartsWith('"') || char.IsDigit(path[0]) ? "literal" : current == model ? "unknown" : null;
            }
        }

        return current;
    }

    [GeneratedRegex("'([^']*)'")]
    private static partial Regex QuotedToken();

    [GeneratedRegex(@"^'([\w-]+)'")]
    private static partial Regex HelperName();

    [System.Text.RegularExpressions.GeneratedRegex(@"Occured at: (?<line>\d+):\d+")]
    private static partial System.Text.RegularExpressions.Regex ParserPosition();
}
