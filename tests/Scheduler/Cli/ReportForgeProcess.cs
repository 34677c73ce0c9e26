using System.Diagnostics;

namespace ReportForge.Scheduler.Tests.Cli;

/// <summary>Runs the real `reportforge` executable built beside the tests and captures what it prints.</summary>
public static class ReportForgeProcess
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static async Task<Result> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
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
