using System.Globalization;

namespace ReportForge.Bench.Rendering;

/// <summary>Memory of this process and every process below it (the Playwright driver and Chromium), from /proc.</summary>
internal static class ProcessMemory
{
    /// <summary>Resident set sizes summed (counts shared pages once per process) and proportional set sizes summed (shares them out), in MB.</summary>
    public static (double RssMb, double PssMb, int Processes) OfTree(int root)
    {
        var parents = new Dictionary<int, int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && TryRead(Path.Combine(directory, "stat")) is { } stat)
            {
                // The command name may contain spaces; fields after the closing parenthesis are fixed.
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                parents[pid] = int.Parse(fields[1], CultureInfo.InvariantCulture);
            }
        }

        var tree = new HashSet<int> { root };
        bool grew;
        do
        {
            grew = false;
            foreach (var (pid, parent) in parents)
            {
                if (tree.Contains(parent) && tree.Add(pid))
                {
                    grew = true;
                }
            }
        }
        while (grew);

        double rss = 0, pss = 0;
        foreach (var pid in tree)
        {
            rss += Kilobytes(TryRead($"/proc/{pid}/status"), "VmRSS:");
            pss += Kilobytes(TryRead($"/proc/{pid}/smaps_rollup"), "Pss:");
        }

        return (rss / 1024, pss / 1024, tree.Count);
    }

    private static double Kilobytes(string? text, string key)
    {
        var line = text?.Split('\n').FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line[key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }

    private static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
