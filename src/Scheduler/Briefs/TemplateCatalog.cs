using System.Collections.Concurrent;
using ReportForge.Reporting.Templates;

namespace ReportForge.Scheduler.Briefs;

/// <summary>The template sets a brief may name, compiled once, and every version a brief was archived with.</summary>
/// <remarks>
/// Each set's files are kept under template-versions/&lt;version&gt;/ in the data folder, so a brief can be
/// rendered again exactly with the version it was built from after its set has changed.
/// </remarks>
public sealed class TemplateCatalog
{
    /// <summary>Name of the built-in set.</summary>
    public const string DefaultSet = "default";

    private readonly Dictionary<string, BriefTemplateEngine> _current;
    private readonly ConcurrentDictionary<string, BriefTemplateEngine> _byVersion = new(StringComparer.Ordinal);
    private readonly string _versionsDirectory;

    private TemplateCatalog(Dictionary<string, BriefTemplateEngine> current, string versionsDirectory)
    {
        _current = current;
        _versionsDirectory = versionsDirectory;
        foreach (var engine in current.Values)
        {
            _byVersion[engine.Set.Version] = engine;
        }
    }

    /// <summary>Names of the sets a request may ask for.</summary>
    public IReadOnlyCollection<string> Names => _current.Keys;

    /// <summary>Compiles the built-in set and every configured folder, and keeps a copy of each version.</summary>
    /// <exception cref="TemplateCompileException">A configured set does not compile; names the file.</exception>
    public static async Task<TemplateCatalog> LoadAsync(IReadOnlyDictionary<string, string> folders, string dataDirectory, CancellationToken cancellationToken)
    {
        var current = new Dictionary<string, BriefTemplateEngine>(StringComparer.Ordinal) { [DefaultSet] = BriefTemplateEngine.Compile(TemplateSet.BuiltIn()) };
        foreach (var (name, folder) in folders)
        {
            current[name] = BriefTemplateEngine.Compile(await TemplateSet.WithOverridesAsync(folder, cancellationToken));
        }

        var versions = Path.Combine(Path.GetFullPath(dataDirectory), "template-versions");
        foreach (var engine in current.Values)
        {
            var folder = Path.Combine(versions, engine.Set.Version);
            if (!Directory.Exists(folder))
            {
                var temporary = folder + ".tmp-" + Guid.NewGuid().ToString("N")[..8];
                await engine.Set.ExportAsync(temporary, cancellationToken);
                try
                {
                    Directory.Move(temporary, folder);
                }
                catch (IOException) when (Directory.Exists(folder))
                {
                    Directory.Delete(temporary, recursive: true);
                }
            }
        }

        return new TemplateCatalog(current, versions);
    }

    /// <summary>The current engine of a named set.</summary>
    public BriefTemplateEngine Get(string name) =>
        _current.TryGetValue(name, out var engine) ? engine : throw new KeyNotFoundException($"No template set '{name}'; configured: {string.Join(", ", Names)}.");

    public bool Contains(string name) => _current.ContainsKey(name);

    /// <summary>The engine of an archived template version, from its kept copy.</summary>
    /// <exception cref="TemplateVersionMissingException">The version's files are not kept in this data folder.</exception>
    public async Task<BriefTemplateEngine> ForVersionAsync(string version, CancellationToken cancellationToken)
    {
        if (_byVersion.TryGetValue(version, out var known))
        {
            return known;
        }

        var folder = Path.Combine(_versionsDirectory, version);
        if (!Directory.Exists(folder))
        {
            throw new TemplateVersionMissingException(version, folder);
        }

        var engine = BriefTemplateEngine.Compile(await TemplateSet.WithOverridesAsync(folder, cancellationToken));
        if (engine.Set.Version != version)
        {
            throw new TemplateVersionMissingException(version, folder);
        }

        return _byVersion.GetOrAdd(version, engine);
    }
}

/// <summary>An archived brief names a template version whose files this data folder does not hold.</summary>
public sealed class TemplateVersionMissingException(string version, string folder)
    : Exception($"Template version {version} is not kept at '{folder}', so the brief cannot be rendered again exactly; " +
                "restore that folder from a backup of the data folder, or ask for a new brief of the same window.");
