using System.Collections.Concurrent;
using Dapper;
using ReportForge.Data.Storage;
using ReportForge.Reporting.Templates;
using ReportForge.Scheduler.Templates;

namespace ReportForge.Scheduler.Briefs;

/// <summary>The template sets a brief may name, compiled, with the version of each in use; every version a brief was archived with is in the database.</summary>
/// <remarks>
/// The files of every version live in template_versions, so a brief can be rendered again exactly with
/// the version it was built from after its set has changed (in the dashboard or in its folder).
/// </remarks>
public sealed class TemplateCatalog : IDisposable
{
    /// <summary>Name of the built-in set.</summary>
    public const string DefaultSet = "default";

    private readonly ConcurrentDictionary<string, BriefTemplateEngine> _current;
    private readonly ConcurrentDictionary<string, BriefTemplateEngine> _byVersion = new(StringComparer.Ordinal);
    private readonly TemplateVersionStore _store;
    private readonly SemaphoreSlim _changes = new(1, 1);

    private TemplateCatalog(Dictionary<string, BriefTemplateEngine> current, TemplateVersionStore store)
    {
        _current = new ConcurrentDictionary<string, BriefTemplateEngine>(current, StringComparer.Ordinal);
        _store = store;
        foreach (var engine in current.Values)
        {
            _byVersion[engine.Set.Version] = engine;
        }
    }

    /// <summary>Names of the sets a request may ask for.</summary>
    public IReadOnlyCollection<string> Names => _current.Keys.Order(StringComparer.Ordinal).ToList();

    /// <summary>What loading changed that the owner should hear about (logged once the service is built).</summary>
    public IReadOnlyList<string> LoadWarnings { get; private init; } = [];

    /// <summary>The stored versions behind this catalog.</summary>
    public TemplateVersionStore Versions => _store;

    /// <summary>Compiles the built-in set and every configured folder, stores their versions and picks the version in use of each set.</summary>
    /// <remarks>
    /// A set's files from configuration win when they are new to the database (first start, the folder or the
    /// built-in templates changed); otherwise the version last made active (an edit or a roll-back in the
    /// dashboard) stays in use. Copies left under template-versions/ by earlier releases are moved into the database.
    /// </remarks>
    /// <exception cref="TemplateCompileException">A configured set does not compile; names the file.</exception>
    public static async Task<TemplateCatalog> LoadAsync(
        IReadOnlyDictionary<string, string> folders, ReportForgeDatabase database, TemplateVersionStore store, string dataDirectory, CancellationToken cancellationToken)
    {
        var warnings = new List<string>();
        var configured = new Dictionary<string, (BriefTemplateEngine Engine, string From)>(StringComparer.Ordinal)
        {
            [DefaultSet] = (BriefTemplateEngine.Compile(TemplateSet.FromFiles(DefaultSet, TemplateSet.BuiltIn().Files)), "the built-in templates"),
        };
        foreach (var (name, folder) in folders)
        {
            var set = await TemplateSet.WithOverridesAsync(folder, cancellationToken);
            configured[name] = (BriefTemplateEngine.Compile(TemplateSet.FromFiles(name, set.Files)), $"folder {folder}");
        }

        await ImportFolderCopiesAsync(database, store, Path.Combine(Path.GetFullPath(dataDirectory), "template-versions"), warnings, cancellationToken);

        var current = new Dictionary<string, BriefTemplateEngine>(StringComparer.Ordinal);
        foreach (var (name, (engine, from)) in configured)
        {
            var active = await store.ActiveAsync(name, cancellationToken);
            var added = await store.AddAsync(name, engine.Set, $"from {from} at start-up", activate: false, cancellationToken);
            if (active is null || added || active.Version == engine.Set.Version)
            {
                await store.ActivateAsync(name, engine.Set.Version, cancellationToken);
                if (active is not null && active.Version != engine.Set.Version)
                {
                    warnings.Add($"Template set {name}: {from} changed, so its new version {engine.Set.Version} is in use instead of {active.Version}; roll back in the dashboard if that is not wanted.");
                }

                current[name] = engine;
                continue;
            }

            try
            {
                current[name] = BriefTemplateEngine.Compile(active.ToSet());
            }
            catch (TemplateCompileException e)
            {
                warnings.Add($"Template set {name}: the version in use, {active.Version}, no longer compiles ({e.Message}); using {from} ({engine.Set.Version}) instead.");
                await store.ActivateAsync(name, engine.Set.Version, cancellationToken);
                current[name] = engine;
            }
        }

        return new TemplateCatalog(current, store) { LoadWarnings = warnings };
    }

    /// <summary>The engine in use of a named set.</summary>
    public BriefTemplateEngine Get(string name) =>
        _current.TryGetValue(name, out var engine) ? engine : throw new KeyNotFoundException($"No template set '{name}'; configured: {string.Join(", ", Names)}.");

    public bool Contains(string name) => _current.ContainsKey(name);

    /// <summary>The engine of the version of a set in use now, as the database says: another node may have saved or rolled back a version.</summary>
    public async Task<BriefTemplateEngine> InUseAsync(string name, CancellationToken cancellationToken)
    {
        var engine = Get(name);
        if (await _store.ActiveAsync(name, cancellationToken) is not { } active || active.Version == engine.Set.Version)
        {
            return engine;
        }

        var inUse = await ForVersionAsync(active.Version, cancellationToken);
        // A concurrent save on this node wins over a refresh read before it.
        _current.TryUpdate(name, inUse, engine);
        return inUse;
    }

    /// <summary>The engine of an archived template version, from the database.</summary>
    /// <exception cref="TemplateVersionMissingException">The version is not stored in this data folder's database.</exception>
    public async Task<BriefTemplateEngine> ForVersionAsync(string version, CancellationToken cancellationToken)
    {
        if (_byVersion.TryGetValue(version, out var known))
        {
            return known;
        }

        var stored = await _store.FindAsync(version, cancellationToken) ?? throw new TemplateVersionMissingException(version);
        var engine = BriefTemplateEngine.Compile(stored.ToSet());
        if (engine.Set.Version != version)
        {
            throw new TemplateVersionMissingException(version);
        }

        return _byVersion.GetOrAdd(version, engine);
    }

    /// <summary>Compiles <paramref name="files"/> as a version of <paramref name="name"/>, without storing it (a preview).</summary>
    /// <exception cref="TemplateCompileException">A file does not compile; names the file and, where known, the line.</exception>
    public static BriefTemplateEngine Compile(string name, IReadOnlyDictionary<string, string> files) =>
        BriefTemplateEngine.Compile(TemplateSet.FromFiles(name, files));

    /// <summary>Stores <paramref name="engine"/>'s files as a new version of its set and puts it in use; the previous version stays listed.</summary>
    public async Task SaveAsync(BriefTemplateEngine engine, string note, CancellationToken cancellationToken)
    {
        var name = engine.Set.Name;
        if (!Contains(name))
        {
            throw new KeyNotFoundException($"No template set '{name}'; configured: {string.Join(", ", Names)}.");
        }

        await _changes.WaitAsync(cancellationToken);
        try
        {
            await _store.AddAsync(name, engine.Set, note, activate: true, cancellationToken);
            _byVersion.TryAdd(engine.Set.Version, engine);
            _current[name] = engine;
        }
        finally
        {
            _changes.Release();
        }
    }

    public void Dispose() => _changes.Dispose();

    /// <summary>Puts a stored version of a set back in use (a roll-back); false when the set has no such version.</summary>
    /// <exception cref="TemplateCompileException">The stored version no longer compiles; the version in use stays.</exception>
    public async Task<bool> ActivateAsync(string name, string version, CancellationToken cancellationToken)
    {
        if (!Contains(name) || await _store.FindAsync(name, version, cancellationToken) is not { } stored)
        {
            return false;
        }

        var engine = BriefTemplateEngine.Compile(stored.ToSet());
        await _changes.WaitAsync(cancellationToken);
        try
        {
            await _store.ActivateAsync(name, version, cancellationToken);
            _byVersion.TryAdd(version, engine);
            _current[name] = engine;
            return true;
        }
        finally
        {
            _changes.Release();
        }
    }

    // Earlier releases kept each version as files under template-versions/<version>/; each is stored once, under the set its briefs name.
    private static async Task ImportFolderCopiesAsync(
        ReportForgeDatabase database, TemplateVersionStore store, string versionsDirectory, List<string> warnings, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(versionsDirectory))
        {
            return;
        }

        foreach (var folder in Directory.EnumerateDirectories(versionsDirectory).Where(d => !Path.GetFileName(d).Contains(".tmp-", StringComparison.Ordinal)))
        {
            var version = Path.GetFileName(folder);
            if (await store.FindAsync(version, cancellationToken) is not null)
            {
                continue;
            }

            var files = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var path in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            {
                files[Path.GetRelativePath(folder, path).Replace('\\', '/')] = await File.ReadAllTextAsync(path, cancellationToken);
            }

            await using var connection = await database.OpenAsync(cancellationToken);
            var setName = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
                "SELECT template_set FROM reports WHERE template_version = @version ORDER BY created_at DESC LIMIT 1",
                new { version }, cancellationToken: cancellationToken)) ?? DefaultSet;
            var set = TemplateSet.FromFiles(setName, files);
            if (set.Version != version)
            {
                warnings.Add($"template-versions/{version} holds files whose version is {set.Version}: they were changed by hand, so they are not imported.");
                continue;
            }

            await store.AddAsync(setName, set, $"moved from template-versions/{version}", activate: false, cancellationToken);
        }
    }
}

/// <summary>An archived brief names a template version that this data folder's database does not hold.</summary>
public sealed class TemplateVersionMissingException(string version)
    : Exception($"Template version {version} is not stored in this data folder's database (table template_versions), so the brief cannot be rendered again exactly; " +
                "restore the data folder from a backup, or ask for a new brief of the same window.");
