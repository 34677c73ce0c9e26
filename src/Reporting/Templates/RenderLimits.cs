namespace ReportForge.Reporting.Templates;

/// <summary>How long a render may run and how much it may write before it is stopped.</summary>
public sealed record RenderLimits(TimeSpan Timeout, int MaxChars)
{
    /// <summary>Two seconds and two million characters: a brief renders in milliseconds and weighs well under 200 KB.</summary>
    public static readonly RenderLimits Default = new(TimeSpan.FromSeconds(2), 2_000_000);
}
