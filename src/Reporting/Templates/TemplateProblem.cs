namespace ReportForge.Reporting.Templates;

/// <summary>One thing wrong with a template file: where it is and how to fix it.</summary>
public sealed record TemplateProblem(string File, int? Line, string Message, string? Window = null)
{
    public override string ToString() =>
        $"{File}{(Line is { } line ? ":" + line.ToString(System.Globalization.CultureInfo.InvariantCulture) : "")}: {Message}{(Window is null ? "" : $" (sample window {Window})")}";
}
