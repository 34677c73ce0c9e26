using System.Globalization;

namespace ReportForge.Bench.Rendering;

/// <summary>Memory and CPU time of this process and every process below it (Chromium's), from /proc.</summary>
internal static class ProcessMemory
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    /// <summary>One process of the tree: what it is, its memory in MB and the CPU seconds it has used.</summary>
    public sealed record Entry(int Pid, string Kind, double RssMb, double PssMb, double CpuSeconds);

    /// <summary>Resident set sizes summed (counts shared pages once per process) and proportional set sizes summed (shares them out), in MB.</summary>
    public static (double RssMb, double PssMb, int Processes) OfTree(int root)
    {
        var entries = Entries(root);
        return (entries.Sum(e => e.RssMb), entries.Sum(e => e.PssMb), entries.Count);
    }

    /// <summary>Each process of the tree under <paramref name="root"/>.</summary>
    public static IReadOnlyList<Entry> Entries(int root)
    {
        var parents = new Dictionary<int, (int Parent, double Cpu)>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && TryRead(Path.Combine(directory, "stat")) is { } stat)
            {
                // The command name may contain spaces; fields after the closing parenthesis are fixed.
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var ticks = double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture);
                parents[pid] = (int.Parse(fields[1], CultureInfo.InvariantCulture), ticks / TicksPerSecond);
            }
        }

        var tree = new HashSet<int> { root };
        bool grew;
        do
        {
            grew = false;
            foreach (var (pid, (parent, _)) in parents)
            {
                if (tree.Contains(parent) && tree.Add(pid))
                {
                    grew = true;
                }
            }
        }
        while (grew);

        return tree.Select(pid => new Entry(pid, Kind(pid, root),
            Kilobytes(TryRead($"/proc/{pid}/status"), "VmRSS:") / 1024,
            Kilobytes(TryRead($"/proc/{pid}/smaps_rollup"), "Pss:") / 1024,
            parents.TryGetValue(pid, out var p) ? p.Cpu : 0)).ToList();
    }

    /// <summary>Memory and CPU per kind of process ("renderer ×2"), largest first, as one line.</summary>
    public static string Breakdown(IReadOnlyList<Entry> entries, IReadOnlyList<Entry>? before = null, int briefs = 0)
    {
        var cpuBefore = before?.ToDictionary(e => e.Pid, e => e.CpuSeconds) ?? [];
        return string.Join(", ", entries.GroupBy(e => e.Kind).OrderByDescending(g => g.Sum(e => e.PssMb)).Select(g =>
        {
            var text = string.Create(CultureInfo.InvariantCulture, $"{g.Key}{(g.Count() > 1 ? $" ×{g.Count()}" : "")} {g.Sum(e => e.PssMb):F0} MB");
            if (briefs > 0)
            {
                var cpu = g.Sum(e => e.CpuSeconds - cpuBefore.GetValueOrDefault(e.Pid));
                text += string.Create(CultureInfo.InvariantCulture, $" / {cpu * 1000 / briefs:F1} ms CPU");
            }

            return text;
        }));
    }

    private static string Kind(int pid, int root)
    {
        if (pid == root)
        {
            return ".NET";
        }

        // Chromium's children rewrite their command line into one string: split on spaces as well.
        var arguments = (TryRead($"/proc/{pid}/cmdline") ?? "").Split(['\0', ' '], StringSplitOptions.RemoveEmptyEntries);
        if (arguments.Length == 0)
        {
            return "other";
        }

        var type = arguments.FirstOrDefault(a => a.StartsWith("--type=", StringComparison.Ordinal))?[7..];
        var utility = arguments.FirstOrDefault(a => a.StartsWith("--utility-sub-type=", StringComparison.Ordinal))?[19..];
        return type switch
        {
            null => arguments[0].Contains("chrom", StringComparison.Ordinal) ? "browser" : Path.GetFileName(arguments[0]),
            "utility" when utility is not null => utility.Split('.').Reverse().Skip(1).FirstOrDefault() ?? utility,
            _ => type,
        };
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
