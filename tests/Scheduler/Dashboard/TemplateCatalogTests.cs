using Dapper;
using ReportForge.Data.Storage;
using ReportForge.Reporting.Templates;
using ReportForge.Scheduler.Briefs;
using ReportForge.Scheduler.Templates;

namespace ReportForge.Scheduler.Tests.Dashboard;

/// <summary>Template versions in the database: what is in use after a restart, and copies left by earlier releases.</summary>
public sealed class TemplateCatalogTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private async Task<(ReportForgeDatabase Database, TemplateVersionStore Store)> DatabaseAsync()
    {
        var database = ReportForgeDatabase.InDataDirectory(_folder.Path);
        await new SchemaMigrator(database, TimeProvider.System).MigrateAsync(CancellationToken.None);
        return (database, new TemplateVersionStore(database, TimeProvider.System));
    }

    private Task<TemplateCatalog> LoadAsync(ReportForgeDatabase database, TemplateVersionStore store, Dictionary<string, string>? folders = null) =>
        TemplateCatalog.LoadAsync(folders ?? [], database, store, _folder.Path, CancellationToken.None);

    private static Dictionary<string, string> Edited(BriefTemplateEngine engine, string text) =>
        new(engine.Set.Files.ToDictionary(), StringComparer.Ordinal) { ["partials/disclaimer.hbs"] = $"<p>{text}</p>\n" };

    [Fact]
    public async Task A_saved_version_stays_in_use_after_a_restart_and_a_roll_back_is_kept_too()
    {
        var (database, store) = await DatabaseAsync();
        using var first = await LoadAsync(database, store);
        var builtIn = first.Get(TemplateCatalog.DefaultSet).Set.Version;
        Assert.Equal(builtIn, (await store.ActiveAsync(TemplateCatalog.DefaultSet, CancellationToken.None))!.Version);

        var edit = TemplateCatalog.Compile(TemplateCatalog.DefaultSet, Edited(first.Get(TemplateCatalog.DefaultSet), "Edited"));
        await first.SaveAsync(edit, "an edit", CancellationToken.None);

        using var restarted = await LoadAsync(database, store);
        Assert.Equal(edit.Set.Version, restarted.Get(TemplateCatalog.DefaultSet).Set.Version);
        Assert.Equal(2, (await store.ListAsync(TemplateCatalog.DefaultSet, CancellationToken.None)).Count);

        Assert.True(await restarted.ActivateAsync(TemplateCatalog.DefaultSet, builtIn, CancellationToken.None));
        using var again = await LoadAsync(database, store);
        Assert.Equal(builtIn, again.Get(TemplateCatalog.DefaultSet).Set.Version);
        // The edit is still there to render the briefs made with it.
        Assert.Contains("Edited", (await again.ForVersionAsync(edit.Set.Version, CancellationToken.None)).Set.Files["partials/disclaimer.hbs"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_version_saved_or_rolled_back_on_one_node_is_in_use_on_another_without_a_restart()
    {
        var (database, store) = await DatabaseAsync();
        using var first = await LoadAsync(database, store);
        using var second = await LoadAsync(database, store);
        var builtIn = first.Get(TemplateCatalog.DefaultSet).Set.Version;

        var edit = TemplateCatalog.Compile(TemplateCatalog.DefaultSet, Edited(first.Get(TemplateCatalog.DefaultSet), "Edited on the first node"));
        await first.SaveAsync(edit, "an edit", CancellationToken.None);
        var seen = await second.InUseAsync(TemplateCatalog.DefaultSet, CancellationToken.None);

        Assert.Equal(edit.Set.Version, seen.Set.Version);
        Assert.Contains("Edited on the first node", seen.Set.Files["partials/disclaimer.hbs"], StringComparison.Ordinal);
        Assert.True(await second.ActivateAsync(TemplateCatalog.DefaultSet, builtIn, CancellationToken.None));
        Assert.Equal(builtIn, (await first.InUseAsync(TemplateCatalog.DefaultSet, CancellationToken.None)).Set.Version);
        Assert.Equal(builtIn, first.Get(TemplateCatalog.DefaultSet).Set.Version);
    }

    [Fact]
    public async Task A_changed_template_folder_wins_at_start_up_over_an_edit_made_before_it()
    {
        var (database, store) = await DatabaseAsync();
        var folder = Path.Combine(_folder.Path, "brand", "partials");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "disclaimer.hbs"), "<p>Folder one</p>\n");
        var sets = new Dictionary<string, string> { ["brand"] = Path.GetDirectoryName(folder)! };
        using var first = await LoadAsync(database, store, sets);
        await first.SaveAsync(TemplateCatalog.Compile("brand", Edited(first.Get("brand"), "Dashboard edit")), "edit", CancellationToken.None);

        await File.WriteAllTextAsync(Path.Combine(folder, "disclaimer.hbs"), "<p>Folder two</p>\n");
        using var restarted = await LoadAsync(database, store, sets);
        Assert.Contains("Folder two", restarted.Get("brand").Set.Files["partials/disclaimer.hbs"], StringComparison.Ordinal);
        Assert.Equal("brand", restarted.Get("brand").Set.Name);
        Assert.Single(restarted.LoadWarnings);
        Assert.Equal(3, (await store.ListAsync("brand", CancellationToken.None)).Count);
    }

    [Fact]
    public async Task Copies_under_template_versions_are_moved_into_the_database_and_a_changed_copy_is_left_out()
    {
        var (database, store) = await DatabaseAsync();
        var old = TemplateSet.FromFiles("default", Edited(BriefTemplateEngine.Compile(TemplateSet.BuiltIn()), "From an earlier release"));
        await old.ExportAsync(Path.Combine(_folder.Path, "template-versions", old.Version), CancellationToken.None);
        var tampered = TemplateSet.FromFiles("default", Edited(BriefTemplateEngine.Compile(TemplateSet.BuiltIn()), "Tampered"));
        var tamperedFolder = Path.Combine(_folder.Path, "template-versions", tampered.Version);
        await tampered.ExportAsync(tamperedFolder, CancellationToken.None);
        await File.AppendAllTextAsync(Path.Combine(tamperedFolder, "partials", "disclaimer.hbs"), "changed by hand");
        await using (var connection = await database.OpenAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync(
                "INSERT INTO reports (id, created_at, window_start, window_end, time_zone, template_set, template_version, status) VALUES ('r1', 1, 0, 1, 'UTC', 'desk', @v, 'done')",
                new { v = old.Version });
        }

        using var catalog = await LoadAsync(database, store);
        var engine = await catalog.ForVersionAsync(old.Version, CancellationToken.None);
        Assert.Contains("From an earlier release", engine.Set.Files["partials/disclaimer.hbs"], StringComparison.Ordinal);
        Assert.Equal("desk", (await store.FindAsync(old.Version, CancellationToken.None))!.TemplateSet);
        await Assert.ThrowsAsync<TemplateVersionMissingException>(() => catalog.ForVersionAsync(tampered.Version, CancellationToken.None));
        Assert.Contains(catalog.LoadWarnings, w => w.Contains(tampered.Version, StringComparison.Ordinal));
    }
}
