namespace ReportForge.Reporting.Rendering;

/// <summary>How briefs are printed: which Chromium, which paper, how many pages print at once, how long a render may take.</summary>
public sealed record PdfOptions
{
    /// <summary>Debian's headless-only build of Chromium (package chromium-headless-shell).</summary>
    /// <remarks>
    /// It prints the same PDF as the full browser from fewer, smaller processes: no browser UI, so no UI renderer
    /// (about 60 MB) and a leaner browser process. The full browser is the fallback where it is not installed.
    /// </remarks>
    public const string HeadlessShellPath = "/usr/lib/chromium/chromium-headless-shell";

    /// <summary>Debian's Chromium, used when the headless shell is not installed.</summary>
    public const string DefaultChromiumPath = "/usr/bin/chromium";

    /// <summary>CHROMIUM_PATH when set, else the headless shell when installed, else Debian's Chromium.</summary>
    public string ChromiumPath { get; init; } = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path
        : File.Exists(HeadlessShellPath) ? HeadlessShellPath
        : DefaultChromiumPath;

    /// <summary>A4 or Letter.</summary>
    public string PaperFormat { get; init; } = "A4";

    /// <summary>A render that takes longer is stopped and reported; its page is replaced.</summary>
    public TimeSpan RenderTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long Chromium may take to start.</summary>
    public TimeSpan LaunchTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Pages kept open in the warm browser: how many briefs print at once.</summary>
    public int PoolSize { get; init; } = Math.Clamp(Environment.ProcessorCount, 1, 4);

    /// <summary>After this many renders a fresh browser is started beside the old one, which closes once its briefs are done; bounds leaks.</summary>
    public int RecycleAfterRenders { get; init; } = 2_000;

    /// <summary>What is wrong with these options, one message per problem; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (PaperFormat is not ("A4" or "Letter"))
        {
            errors.Add($"Pdf:PaperFormat '{PaperFormat}' is not supported; use A4 or Letter.");
        }

        if (RenderTimeout <= TimeSpan.Zero)
        {
            errors.Add($"Pdf:RenderTimeout {RenderTimeout} must be positive, e.g. 00:00:30.");
        }

        if (LaunchTimeout <= TimeSpan.Zero)
        {
            errors.Add($"Pdf:LaunchTimeout {LaunchTimeout} must be positive, e.g. 00:00:30.");
        }

        if (PoolSize is < 1 or > 32)
        {
            errors.Add($"Pdf:PoolSize {PoolSize} must be between 1 and 32; the number of cores is a good value.");
        }

        if (RecycleAfterRenders < 1)
        {
            errors.Add($"Pdf:RecycleAfterRenders {RecycleAfterRenders} must be at least 1.");
        }

        return errors;
    }
}
