using System.Text;

namespace ReportForge.Reporting.Templates;

/// <summary>The facts of one window that template validation renders against.</summary>
public sealed record SampleWindow(string Name, string FactsJson)
{
    private const string ResourcePrefix = "sample-windows/";

    /// <summary>The built-in sample windows: a long squeeze, a sell-off with dated news, a record crash, a short squeeze, a weekend and a sparse day.</summary>
    public static IReadOnlyList<SampleWindow> BuiltIn()
    {
        var assembly = typeof(SampleWindow).Assembly;
        var windows = new List<SampleWindow>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            windows.Add(new SampleWindow(Path.GetFileNameWithoutExtension(resource[ResourcePrefix.Length..]), reader.ReadToEnd()));
        }

        return windows;
    }
}
