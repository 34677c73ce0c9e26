namespace ReportForge.Reporting.Rendering;

/// <summary>How briefs are printed: which Chromium, which paper, how long a render may take.</summary>
public sealed record PdfOptions
{
    /// <summary>Debian's Chromium; CHROMIUM_PATH overrides it.</summary>
    public const string DefaultChromiumPath = "/usr/bin/chromium";

    public string ChromiumPath { get; init; } = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : DefaultChromiumPath;

    /// <summary>A4 or Letter.</summary>
    public string PaperFormat { get; init; } = "A4";

    public TimeSpan RenderTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
