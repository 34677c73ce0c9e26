using System.Security.Cryptography;
using System.Text;

namespace ReportForge.Reporting.Templates;

/// <summary>The files of a brief's templates by relative path: the built-in defaults, overridden file by file by a user folder.</summary>
public sealed class TemplateSet
{
    /// <summary>The layout every brief renders through.</summary>
    public const string LayoutFile = "brief.hbs";

    /// <summary>Folder of the partials inside a template set.</summary>
    public const string PartialsFolder = "partials";

    private const string ResourcePrefix = "templates/";

    private TemplateSet(string name, IReadOnlyDictionary<string, string> files, bool builtIn = false)
    {
        IsBuiltIn = builtIn;
        Name = name;
        Files = files;
        Version = ComputeVersion(files);
    }

    /// <summary>True for the built-in templates alone: they ship with the build and are tested with it.</summary>
    public bool IsBuiltIn { get; }

    /// <summary>"default", or the user folder that overrides it.</summary>
    public string Name { get; }

    /// <summary>Content by relative path with '/' separators, e.g. partials/summary.hbs.</summary>
    public IReadOnlyDictionary<string, string> Files { get; }

    /// <summary>A short hash of every file, recorded in the archive so a brief can be rendered again exactly.</summary>
    public string Version { get; }

    /// <summary>The built-in templates.</summary>
    public static TemplateSet BuiltIn()
    {
        var assembly = typeof(TemplateSet).Assembly;
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            files[resource[ResourcePrefix.Length..].Replace('\\', '/')] = reader.ReadToEnd();
        }

        return new TemplateSet("default", files, builtIn: true);
    }

    /// <summary>A set made of exactly <paramref name="files"/> (a stored version, an edit in the dashboard).</summary>
    public static TemplateSet FromFiles(string name, IReadOnlyDictionary<string, string> files) =>
        new(name, new SortedDictionary<string, string>(files.ToDictionary(), StringComparer.Ordinal));

    /// <summary>The built-in templates with every file of <paramref name="folder"/> replacing or adding to them.</summary>
    public static async Task<TemplateSet> WithOverridesAsync(string folder, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"The template folder '{folder}' does not exist; create it or export the defaults with `reportforge templates export {folder}`.");
        }

        var files = new SortedDictionary<string, string>(BuiltIn().Files.ToDictionary(), StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                     .Where(p => p.EndsWith(".hbs", StringComparison.Ordinal) || p.EndsWith(".css", StringComparison.Ordinal)))
        {
            var relative = Path.GetRelativePath(folder, path).Replace('\\', '/');
            files[relative] = await File.ReadAllTextAsync(path, Encoding.UTF8, cancellationToken);
        }

        return new TemplateSet(Path.GetFileName(Path.GetFullPath(folder).TrimEnd('/')), files);
    }

    /// <summary>Writes every file of the set under <paramref name="folder"/>.</summary>
    public async Task ExportAsync(string folder, CancellationToken cancellationToken)
    {
        foreach (var (relative, content) in Files)
        {
            var path = Path.Combine(folder, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, content, new UTF8Encoding(false), cancellationToken);
        }
    }

    private static string ComputeVersion(IReadOnlyDictionary<string, string> files)
    {
        var text = new StringBuilder();
        foreach (var (path, content) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            text.Append(path).Append('\0').Append(content).Append('\0');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..12];
    }
}
