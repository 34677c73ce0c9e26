using Dapper;
using ReportForge.Data.Storage;

namespace ReportForge.Data.Tests.Storage;

public sealed class SchemaMigratorTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly ReportForgeDatabase _database;

    public SchemaMigratorTests() => _database = ReportForgeDatabase.InDataDirectory(_folder.Path);

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Migrate_creates_every_table_of_the_import_format_and_the_archive_when_database_is_empty()
    {
        var migrator = new SchemaMigrator(_database, TimeProvider.System);

        var applied = await migrator.MigrateAsync(CancellationToken.None);

        Assert.Equal(migrator.Migrations.Select(m => m.Version), applied);
        await using var connection = await _database.OpenAsync(CancellationToken.None);
        var tables = (await connection.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'table'")).ToHashSet();
        foreach (var table in new[] { "candles", "liquidations", "liquidation_orders", "market_days", "derivatives", "catalysts", "ingest_runs", "reports", "schema_version" })
        {
            Assert.Contains(table, tables);
        }
    }

    [Fact]
    public async Task Migrate_applies_nothing_and_keeps_data_when_run_again()
    {
        var migrator = new SchemaMigrator(_database, TimeProvider.System);
        await migrator.MigrateAsync(CancellationToken.None);
        await using (var connection = await _database.OpenAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync("INSERT INTO market_days (date, total_market_cap_usd, source) VALUES ('2025-02-03', 1e12, 'test')");
        }

        var second = await new SchemaMigrator(_database, TimeProvider.System).MigrateAsync(CancellationToken.None);

        Assert.Empty(second);
        Assert.Equal(migrator.Migrations.Select(m => m.Version), await migrator.AppliedVersionsAsync(CancellationToken.None));
        await using var check = await _database.OpenAsync(CancellationToken.None);
        Assert.Equal(1, await check.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM market_days"));
    }

    [Fact]
    public async Task Migrate_applies_only_the_new_migration_when_the_database_is_one_version_behind()
    {
        var all = new SchemaMigrator(_database, TimeProvider.System).Migrations;
        await new SchemaMigrator(_database, TimeProvider.System, all.Take(1).ToList()).MigrateAsync(CancellationToken.None);

        var applied = await new SchemaMigrator(_database, TimeProvider.System).MigrateAsync(CancellationToken.None);

        Assert.Equal(all.Skip(1).Select(m => m.Version), applied);
    }

    [Fact]
    public async Task Migrate_refuses_with_both_versions_named_when_database_was_written_by_a_newer_version()
    {
        var migrator = new SchemaMigrator(_database, TimeProvider.System);
        await migrator.MigrateAsync(CancellationToken.None);
        await using (var connection = await _database.OpenAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync("INSERT INTO schema_version (version, name, applied_at) VALUES (9999, 'from_the_future', 0)");
        }

        var error = await Assert.ThrowsAsync<SchemaTooNewException>(() => migrator.MigrateAsync(CancellationToken.None));

        Assert.Contains("9999", error.Message, StringComparison.Ordinal);
        Assert.Contains(migrator.LatestVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        Assert.Contains("newer ReportForge", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_leaves_the_schema_as_it_was_when_a_migration_fails()
    {
        var all = new SchemaMigrator(_database, TimeProvider.System).Migrations;
        var broken = all.Append(new Migration(all[^1].Version + 1, "broken", "CREATE TABLE half_done (x INTEGER); SELECT * FROM no_such_table;")).ToList();

        await Assert.ThrowsAnyAsync<Exception>(() => new SchemaMigrator(_database, TimeProvider.System, broken).MigrateAsync(CancellationToken.None));

        await using var connection = await _database.OpenAsync(CancellationToken.None);
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM sqlite_master WHERE name = 'half_done'"));
        Assert.Equal(all[^1].Version, await connection.ExecuteScalarAsync<int>("SELECT MAX(version) FROM schema_version"));
    }

    [Fact]
    public async Task Open_sets_wal_foreign_keys_and_busy_timeout()
    {
        await using var connection = await _database.OpenAsync(CancellationToken.None);

        Assert.Equal("wal", await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode"));
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("PRAGMA foreign_keys"));
        Assert.Equal(30000, await connection.ExecuteScalarAsync<int>("PRAGMA busy_timeout"));
    }
}
