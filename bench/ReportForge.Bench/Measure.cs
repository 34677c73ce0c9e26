using System.Diagnostics;

namespace ReportForge.Bench;

/// <summary>Medians of repeated timings.</summary>
internal static class Measure
{
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    public static async Task<double> SecondsAsync(Func<Task> action)
    {
        var watch = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        await action();
        LastCpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        return watch.Elapsed.TotalSeconds;
    }

    /// <summary>CPU seconds the last timed action used (the machine is shared: wall time includes waiting for a core).</summary>
    public static double LastCpuSeconds { get; private set; }
}
