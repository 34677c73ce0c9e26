using System.Diagnostics;

namespace ReportForge.Scheduler.Tests.Cli;

/// <summary>Runs the real `reportforge` executable built beside the tests and captures what it prints.</summary>
public static class ReportForgeProcess
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static Task<Result> RunAsync(params string[] args) => RunAsync(new Dictionary<string, string>(), args);

    /// <summary>Runs the executable with <paramref name="environment"/> added to this process's environment (settings such as ReportForge__Pdf__PaperFormat).</summary>
    public static async Task<Result> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "reportforge.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await output, await error);
    }

    /// <summary>What pdfinfo (poppler-utils) prints of a PDF, key by key ("Page size", "Author", …).</summary>
    public static async Task<IReadOnlyDictionary<string, string>> PdfInfoAsync(string pdfPath) =>
        (await PopplerAsync("pdfinfo", pdfPath)).Split('\n').Where(l => l.Contains(':', StringComparison.Ordinal))
            .ToDictionary(l => l[..l.IndexOf(':', StringComparison.Ordinal)], l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim());

    /// <summary>The images of a PDF as `pdfimages -list` prints them, one line each after its two header lines.</summary>
    public static async Task<IReadOnlyList<string>> PdfImagesAsync(string pdfPath) =>
        (await PopplerAsync("pdfimages", "-list", pdfPath)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2).ToList();

    private static async Task<string> PopplerAsync(string tool, params string[] args)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} is missing: install poppler-utils (scripts/setup.sh does).");
        var text = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return text;
    }

    /// <summary>The text of a PDF as pdftotext (poppler-utils) extracts it, one page after another.</summary>
    public static async Task<string> PdfTextAsync(string pdfPath)
    {
        var start = new ProcessStartInfo("pdftotext") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(pdfPath);
        start.ArgumentList.Add("-");
        using var process = Process.Start(start)
            ?? throw new InvalidOperationException("pdftotext is missing: install poppler-utils (scripts/setup.sh does).");
        var text = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return text;
    }
}
