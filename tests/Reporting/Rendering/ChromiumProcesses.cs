using System.Globalization;

namespace ReportForge.Reporting.Tests.Rendering;

/// <summary>The Chromium browser processes of one renderer, found by the tag on their command line.</summary>
internal static class ChromiumProcesses
{
    /// <summary>Ids of the browser (main) processes whose command line carries --reportforge-renderer=<paramref name="tag"/>.</summary>
    public static IReadOnlyList<int> BrowsersOf(string tag)
    {
        var marker = "--reportforge-renderer=" + tag;
        var browsers = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var arguments = File.ReadAllText(Path.Combine(directory, "cmdline")).Split('\0');
                // Child processes carry --type=renderer, gpu-process, …; the browser itself has no --type.
                if (arguments.Contains(marker) && !arguments.Any(a => a.StartsWith("--type=", StringComparison.Ordinal)))
                {
                    browsers.Add(pid);
                }
            }
            catch (IOException)
            {
                // The process ended while being read.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return browsers;
    }
}
