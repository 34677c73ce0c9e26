using System.Text.RegularExpressions;
using ReportForge.Reporting.Templates;
using ReportForge.Scheduler.Briefs;

namespace ReportForge.Scheduler.Dashboard.Templates;

/// <summary>One thing wrong with an edited file: which file, which line when known, and what.</summary>
internal sealed record TemplateIssue(string File, int? Line, string Message);

/// <summary>Compiles an edited template set the way the service will, and says where it fails.</summary>
internal static partial class TemplateCheck
{
    /// <summary>The compiled set, or the problems that stop it compiling.</summary>
    public static (BriefTemplateEngine? Engine, IReadOnlyList<TemplateIssue> Issues) Compile(string setName, IReadOnlyDictionary<string, string> files)
    {
        try
        {
            return (TemplateCatalog.Compile(setName, files), []);
        }
        catch (TemplateCompileException e)
        {
            return (null, [new TemplateIssue(e.File, Located(e.Message, e.File).Line ?? LineOf(e), Located(e.Message, e.File).Reason)]);
        }
    }

    public static TemplateIssue Of(TemplateRenderException e)
    {
        var file = FileOf(e.Message) ?? TemplateSet.LayoutFile;
        var (line, reason) = Located(e.Message, file);
        return new TemplateIssue(file, line ?? LineOf(e), reason);
    }

    // Messages read "file: reason" or "file:line: reason"; the line there is the engine's own finding.
    private static (int? Line, string Reason) Located(string message, string file)
    {
        if (!message.StartsWith(file + ":", StringComparison.Ordinal))
        {
            return (null, message);
        }

        var rest = message[(file.Length + 1)..];
        var colon = rest.IndexOf(": ", StringComparison.Ordinal);
        return colon > 0 && int.TryParse(rest[..colon], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var line)
            ? (line, rest[(colon + 2)..])
            : (null, rest.TrimStart());
    }

    private static int? LineOf(Exception e)
    {
        for (var error = e; error is not null; error = error.InnerException)
        {
            if (LinePattern().Match(error.Message) is { Success: true } match)
            {
                return int.Parse(match.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    private static string? FileOf(string message) => FilePattern().Match(message) is { Success: true } match ? match.Groups["file"].Value : null;

    [GeneratedRegex(@"(?:Occured at: |line:? ?)(?<line>\d+)", RegexOptions.IgnoreCase)]
    private static partial Regex LinePattern();

    [GeneratedRegex(@"(?<file>[\w\-/]+\.hbs)")]
    private static partial Regex FilePattern();
}
