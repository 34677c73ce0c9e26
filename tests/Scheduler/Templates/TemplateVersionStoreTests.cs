using System.Globalization;
using Dapper;
using ReportForge.Data.Storage;
using ReportForge.Reporting.Templates;
using ReportForge.Scheduler.Templates;

namespace ReportForge.Scheduler.Tests.Templates;

public sealed class TemplateVersionStoreSqliteTests() : TemplateVersionStoreTests(StorageProvider.Sqlite);

public sealed class TemplateVersionStorePostgresTests() : TemplateVersionStoreTests(StorageProvider.Postgres);

/// <summary>Template versions on both engines: every version kept, one in use per set, and the files given back exactly as saved.</summary>
public abstract class TemplateVersionStoreTests : IDisposable
{
    private const string Set = "desk";

    private readonly TestDatabase _store;
    private readonly ManualClock _clock = new(DateTimeOffset.Parse("2026-03-10T09:00:00Z", CultureInfo.InvariantCulture));
    private readonly TemplateVersionStore _versions;

    protected TemplateVersionStoreTests(StorageProvider provider)
    {
        _store = new TestDatabase(provider);
        _versions = new TemplateVersionStore(_store.Database, _clock);
    }

    public void Dispose()
    {
        _store.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task ActiveAsync_returns_the_second_version_and_ListAsync_lists_both_newest_first_when_the_second_is_added_activated()
    {
        await MigrateAsync();
        var first = Files("First");
        var second = Files("Second");
        Assert.NotEqual(first.Version, second.Version);

        Assert.True(await _versions.AddAsync(Set, first, "initial", activate: true, CancellationToken.None));
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True(await _versions.AddAsync(Set, second, "reworded", activate: true, CancellationToken.None));

        var active = await _versions.ActiveAsync(Set, CancellationToken.None);
        Assert.Equal((second.Version, "reworded", true), (active!.Version, active.Note, active.IsActive));
        var listed = await _versions.ListAsync(Set, CancellationToken.None);
        Assert.Equal(
            [(second.Version, _clock.GetUtcNow().ToUnixTimeMilliseconds(), true), (first.Version, _clock.GetUtcNow().AddMinutes(-1).ToUnixTimeMilliseconds(), false)],
            listed.Select(v => (v.Version, v.CreatedAt, v.IsActive)).ToArray());
        Assert.All(listed, v => Assert.Equal(Set, v.TemplateSet));
    }

    [Fact]
    public async Task ActiveAsync_keeps_the_version_in_use_when_a_new_version_is_added_without_activating_it()
    {
        await MigrateAsync();
        var first = Files("First");
        await _versions.AddAsync(Set, first, "initial", activate: true, CancellationToken.None);

        Assert.True(await _versions.AddAsync(Set, Files("Draft"), "draft", activate: false, CancellationToken.None));

        Assert.Equal(first.Version, (await _versions.ActiveAsync(Set, CancellationToken.None))!.Version);
        Assert.Equal(2, (await _versions.ListAsync(Set, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task AddAsync_returns_false_and_keeps_the_stored_row_when_the_same_files_are_added_again()
    {
        await MigrateAsync();
        var first = Files("First");
        Assert.True(await _versions.AddAsync(Set, first, "initial", activate: false, CancellationToken.None));
        var stored = await _versions.FindAsync(Set, first.Version, CancellationToken.None);

        _clock.Advance(TimeSpan.FromHours(1));
        // Same content under a new instance and name: the version is a hash of the files, so it is the same version.
        Assert.False(await _versions.AddAsync(Set, TemplateSet.FromFiles("copy", first.Files), "saved again", activate: false, CancellationToken.None));

        Assert.Equal(stored, Assert.Single(await _versions.ListAsync(Set, CancellationToken.None)));
        Assert.Equal(1L, await ScalarAsync("SELECT COUNT(*) FROM template_versions"));
    }

    [Fact]
    public async Task AddAsync_of_stored_files_with_activate_returns_false_but_puts_that_version_back_in_use()
    {
        await MigrateAsync();
        var first = Files("First");
        var second = Files("Second");
        await _versions.AddAsync(Set, first, "initial", activate: true, CancellationToken.None);
        await _versions.AddAsync(Set, second, "reworded", activate: true, CancellationToken.None);

        Assert.False(await _versions.AddAsync(Set, first, "restored", activate: true, CancellationToken.None));

        var active = await _versions.ActiveAsync(Set, CancellationToken.None);
        Assert.Equal((first.Version, "initial"), (active!.Version, active.Note));
        Assert.Equal(1L, await ScalarAsync("SELECT COUNT(*) FROM template_versions WHERE active = 1"));
    }

    [Fact]
    public async Task ActivateAsync_back_to_the_first_version_makes_it_the_only_active_one()
    {
        await MigrateAsync();
        var first = Files("First");
        var second = Files("Second");
        await _versions.AddAsync(Set, first, "initial", activate: true, CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(1));
        await _versions.AddAsync(Set, second, "reworded", activate: true, CancellationToken.None);

        Assert.True(await _versions.ActivateAsync(Set, first.Version, CancellationToken.None));

        Assert.Equal(first.Version, (await _versions.ActiveAsync(Set, CancellationToken.None))!.Version);
        Assert.Equal(
            [(second.Version, false), (first.Version, true)],
            (await _versions.ListAsync(Set, CancellationToken.None)).Select(v => (v.Version, v.IsActive)).ToArray());
        Assert.Equal(1L, await ScalarAsync("SELECT COUNT(*) FROM template_versions WHERE active = 1"));

        // Activating the version already in use must not trip the one-active index either.
        Assert.True(await _versions.ActivateAsync(Set, first.Version, CancellationToken.None));
        Assert.Equal(first.Version, (await _versions.ActiveAsync(Set, CancellationToken.None))!.Version);
    }

    [Fact]
    public async Task ActivateAsync_returns_false_and_changes_nothing_when_the_set_has_no_such_version()
    {
        await MigrateAsync();
        var first = Files("First");
        var other = Files("Other set");
        await _versions.AddAsync(Set, first, "initial", activate: true, CancellationToken.None);
        await _versions.AddAsync("other", other, "elsewhere", activate: true, CancellationToken.None);

        Assert.False(await _versions.ActivateAsync(Set, "000000000000", CancellationToken.None));
        // A version stored under another set is not one of this set's.
        Assert.False(await _versions.ActivateAsync(Set, other.Version, CancellationToken.None));

        Assert.Equal(first.Version, (await _versions.ActiveAsync(Set, CancellationToken.None))!.Version);
        Assert.Equal(other.Version, (await _versions.ActiveAsync("other", CancellationToken.None))!.Version);
        Assert.Null(await _versions.ActiveAsync("unknown", CancellationToken.None));
    }

    [Fact]
    public async Task ActivateAsync_in_one_set_leaves_the_version_in_use_of_another_set()
    {
        await MigrateAsync();
        var first = Files("First");
        var second = Files("Second");
        var other = Files("Other set");
        await _versions.AddAsync(Set, first, "initial", activate: true, CancellationToken.None);
        await _versions.AddAsync(Set, second, "reworded", activate: false, CancellationToken.None);
        await _versions.AddAsync("other", other, "elsewhere", activate: true, CancellationToken.None);

        Assert.True(await _versions.ActivateAsync(Set, second.Version, CancellationToken.None));

        Assert.Equal(second.Version, (await _versions.ActiveAsync(Set, CancellationToken.None))!.Version);
        Assert.Equal(other.Version, (await _versions.ActiveAsync("other", CancellationToken.None))!.Version);
        Assert.Equal(2L, await ScalarAsync("SELECT COUNT(*) FROM template_versions WHERE active = 1"));
    }

    [Fact]
    public async Task FindAsync_by_version_returns_the_files_unchanged()
    {
        await MigrateAsync();
        var first = Files("First");
        var second = Files("Second");
        await _versions.AddAsync(Set, first, "initial", activate: true, CancellationToken.None);
        await _versions.AddAsync(Set, second, "reworded", activate: true, CancellationToken.None);

        var found = await _versions.FindAsync(first.Version, CancellationToken.None);

        Assert.Equal((Set, first.Version, "initial", false), (found!.TemplateSet, found.Version, found.Note, found.IsActive));
        Assert.Equal(first.Files.OrderBy(f => f.Key, StringComparer.Ordinal), found.Files.OrderBy(f => f.Key, StringComparer.Ordinal));
        // The version is a hash of every file: the same hash from the stored files means not a byte changed on the way.
        Assert.Equal(first.Version, found.ToSet().Version);
        Assert.Equal(second.Files["partials/summary.hbs"], (await _versions.FindAsync(Set, second.Version, CancellationToken.None))!.Files["partials/summary.hbs"]);
        Assert.Null(await _versions.FindAsync("000000000000", CancellationToken.None));
    }

    /// <summary>
    /// A small set whose summary differs by <paramref name="headline"/>; the content carries what a JSON or text
    /// round trip could alter: non-ASCII text, quotes, backslashes, HTML-escaped characters, CRLF and tabs, trailing blanks.
    /// </summary>
    private static TemplateSet Files(string headline) =>
        TemplateSet.FromFiles(Set, new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [TemplateSet.LayoutFile] = "<!doctype html>\n<html lang=\"en\">\n<body>{{> summary}}\n{{> disclaimer}}</body>\n</html>\n",
            ["partials/summary.hbs"] = $"<h1>{headline} — Δ {{{{change}}}} € ¥ 🚀</h1>\r\n\t<p class='note'>\"quoted\" \\ back\\slash & <b>bold</b> </p>  \n",
            ["partials/disclaimer.hbs"] = "<p>Not advice.</p>\n",
            ["brief.css"] = "body { font-family: \"Inter\", sans-serif; }\n",
        });

    private async Task MigrateAsync() => await new SchemaMigrator(_store.Database, _clock).MigrateAsync(CancellationToken.None);

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = await _store.Database.OpenAsync(CancellationToken.None);
        return await connection.ExecuteScalarAsync<long>(sql);
    }
}
