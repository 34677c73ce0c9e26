using Dapper;
using ReportForge.Data.Import;
using ReportForge.Data.Runs;
using ReportForge.Data.Storage;

namespace ReportForge.Data.Tests.Storage;

/// <summary>The PostgreSQL schema against the SQLite one, migrations on a shared server, and the copy from SQLite.</summary>
public sealed class PostgresStorageTests : IDisposable
{
    private readonly TestDatabase _sqlite = new(StorageProvider.Sqlite);
    private readonly TestDatabase _postgres = new(StorageProvider.Postgres);

    public void Dispose()
    {
        _sqlite.Dispose();
        _postgres.Dispose();
    }

    [Fact]
    public void Migrations_carry_the_same_versions_and_names_for_both_engines()
    {
        var sqlite = SchemaMigrator.EmbeddedMigrations(StorageProvider.Sqlite).OrderBy(m => m.Version).Select(m => (m.Version, m.Name));
        var postgres = SchemaMigrator.EmbeddedMigrations(StorageProvider.Postgres).OrderBy(m => m.Version).Select(m => (m.Version, m.Name));

        Assert.Equal(sqlite, postgres);
    }

    [Fact]
    public async Task Migrate_creates_the_same_tables_and_columns_in_PostgreSQL_as_in_SQLite()
    {
        await new SchemaMigrator(_sqlite.Database, TimeProvider.System).MigrateAsync(CancellationToken.None);
        await new SchemaMigrator(_postgres.Database, TimeProvider.System).MigrateAsync(CancellationToken.None);

        await using var lite = await _sqlite.Database.OpenAsync(CancellationToken.None);
        var sqliteColumns = await lite.QueryAsync<string>(
            "SELECT m.name || '.' || p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' ORDER BY 1");
        await using var pg = await _postgres.Database.OpenAsync(CancellationToken.None);
        var postgresColumns = await pg.QueryAsync<string>(
            "SELECT table_name || '.' || column_name FROM information_schema.columns WHERE table_schema = current_schema()");
        Assert.Equal(sqliteColumns.Order(StringComparer.Ordinal), postgresColumns.Order(StringComparer.Ordinal));
        Assert.True(postgresColumns.Count() > 100);
    }

    [Fact]
    public async Task Migrate_applies_each_migration_once_when_two_nodes_migrate_the_same_database_at_once()
    {
        var first = new SchemaMigrator(_postgres.Database, TimeProvider.System);
        var second = new SchemaMigrator(ReportForgeDatabase.Postgres(_postgres.ConnectionString!), TimeProvider.System);

        var ran = await Task.WhenAll(first.MigrateAsync(CancellationToken.None), second.MigrateAsync(CancellationToken.None));

        Assert.Equal(first.Migrations.Select(m => m.Version), ran.SelectMany(r => r).Order());
        Assert.Equal(first.Migrations.Select(m => m.Version), await first.AppliedVersionsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Migrate_leaves_the_PostgreSQL_schema_as_it_was_when_a_migration_fails()
    {
        var all = new SchemaMigrator(_postgres.Database, TimeProvider.System).Migrations;
        var broken = all.Append(new Migration(all[^1].Version + 1, "broken", "CREATE TABLE half_done (x BIGINT); SELECT * FROM no_such_table;")).ToList();

        await Assert.ThrowsAnyAsync<Exception>(() => new SchemaMigrator(_postgres.Database, TimeProvider.System, broken).MigrateAsync(CancellationToken.None));

        await using var connection = await _postgres.Database.OpenAsync(CancellationToken.None);
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'half_done'"));
        Assert.Equal(all[^1].Version, await connection.ExecuteScalarAsync<int>("SELECT MAX(version) FROM schema_version"));
    }

    [Fact]
    public async Task Copy_moves_every_row_of_a_SQLite_database_into_PostgreSQL_and_new_ids_continue_after_the_copied_ones()
    {
        await new SchemaMigrator(_sqlite.Database, TimeProvider.System).MigrateAsync(CancellationToken.None);
        var runs = new IngestRunStore(_sqlite.Database, TimeProvider.System);
        var imported = await new DatasetImporter(_sqlite.Database, runs).ImportAsync(RepositoryPaths.SampleData, CancellationToken.None);
        Assert.True(imported.Succeeded);

        var copies = await new DatabaseCopier(_sqlite.Database, _postgres.Database, TimeProvider.System).CopyAsync(null, CancellationToken.None);

        foreach (var table in new[] { "candles", "liquidations", "liquidation_orders", "market_days", "derivatives", "catalysts", "sources", "ingest_runs" })
        {
            Assert.Equal(await DumpAsync(_sqlite.Database, table), await DumpAsync(_postgres.Database, table));
        }

        Assert.Equal(74_112, copies.Single(c => c.Table == "liquidations").Rows);
        var copiedRun = Assert.Single(await new IngestRunStore(_postgres.Database, TimeProvider.System).RecentAsync(5, CancellationToken.None));
        var next = await new IngestRunStore(_postgres.Database, TimeProvider.System).StartAsync("next", "import", null, null, CancellationToken.None);
        Assert.True(next > copiedRun.Id);
    }

    [Fact]
    public async Task Import_into_PostgreSQL_stores_what_the_same_import_stores_in_SQLite_and_a_second_import_changes_nothing()
    {
        // The sample mixes empty and given figures within the hundreds of rows PostgreSQL receives per round trip.
        var results = new List<DatasetImportResult>();
        foreach (var database in new[] { _sqlite.Database, _postgres.Database, _postgres.Database })
        {
            await new SchemaMigrator(database, TimeProvider.System).MigrateAsync(CancellationToken.None);
            results.Add(await new DatasetImporter(database, new IngestRunStore(database, TimeProvider.System)).ImportAsync(RepositoryPaths.SampleData, CancellationToken.None));
        }

        Assert.All(results, r => Assert.True(r.Succeeded));
        Assert.Equal(results[0].Files.Select(f => (f.FileName, f.RowsChanged)), results[1].Files.Select(f => (f.FileName, f.RowsChanged)));
        Assert.Equal(74_112, results[1].Files.Single(f => f.FileName == "liquidations.csv").RowsChanged);
        Assert.All(results[2].Files, f => Assert.Equal(0, f.RowsChanged));
        foreach (var table in new[] { "candles", "liquidations", "liquidation_orders", "market_days", "derivatives", "catalysts" })
        {
            Assert.Equal(await DumpAsync(_sqlite.Database, table), await DumpAsync(_postgres.Database, table));
        }
    }

    [Fact]
    public async Task Copy_leaves_the_nodes_and_leases_of_the_stopped_service_behind_when_it_copies_the_data()
    {
        await new SchemaMigrator(_sqlite.Database, TimeProvider.System).MigrateAsync(CancellationToken.None);
        await new SchemaMigrator(_postgres.Database, TimeProvider.System).MigrateAsync(CancellationToken.None);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await using (var lite = await _sqlite.Database.OpenAsync(CancellationToken.None))
        {
            await lite.ExecuteAsync("INSERT INTO service_nodes (id, host, pid, started_at, seen_at) VALUES ('old-node', 'box', 42, @now, @now)", new { now });
            await lite.ExecuteAsync("INSERT INTO leases (name, holder, acquired_at, expires_at) VALUES ('collectors', 'old-node', @now, @later)", new { now, later = now + 3_600_000 });
            await lite.ExecuteAsync("INSERT INTO market_days (date, total_market_cap_usd, source) VALUES ('2025-02-03', 1e12, 'old')");
        }

        // A node that started on the new database before the copy does not make it look taken.
        await using (var pg = await _postgres.Database.OpenAsync(CancellationToken.None))
        {
            await pg.ExecuteAsync("INSERT INTO service_nodes (id, host, pid, started_at, seen_at) VALUES ('new-node', 'box', 7, @now, @now)", new { now });
        }

        var copies = await new DatabaseCopier(_sqlite.Database, _postgres.Database, TimeProvider.System).CopyAsync(null, CancellationToken.None);

        Assert.DoesNotContain(copies, c => c.Table is "service_nodes" or "leases");
        Assert.Equal(1, copies.Single(c => c.Table == "market_days").Rows);
        await using var target = await _postgres.Database.OpenAsync(CancellationToken.None);
        Assert.Equal(["new-node"], await target.QueryAsync<string>("SELECT id FROM service_nodes"));
        Assert.Equal(0, await target.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM leases"));
    }

    [Fact]
    public async Task Copy_refuses_a_target_that_already_holds_data_and_changes_nothing_there()
    {
        await new SchemaMigrator(_sqlite.Database, TimeProvider.System).MigrateAsync(CancellationToken.None);
        await new SchemaMigrator(_postgres.Database, TimeProvider.System).MigrateAsync(CancellationToken.None);
        await using (var lite = await _sqlite.Database.OpenAsync(CancellationToken.None))
        {
            await lite.ExecuteAsync("INSERT INTO market_days (date, total_market_cap_usd, source) VALUES ('2025-02-03', 1e12, 'old')");
        }

        await using (var pg = await _postgres.Database.OpenAsync(CancellationToken.None))
        {
            await pg.ExecuteAsync("INSERT INTO market_days (date, total_market_cap_usd, source) VALUES ('2025-02-04', 2e12, 'there')");
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            new DatabaseCopier(_sqlite.Database, _postgres.Database, TimeProvider.System).CopyAsync(null, CancellationToken.None));

        Assert.Contains("market_days", error.Message, StringComparison.Ordinal);
        Assert.Equal("market_days:2025-02-04,2000000000000,,there", await DumpAsync(_postgres.Database, "market_days"));
    }

    // Rows as text in a fixed order; figures round-trip exactly (both engines store IEEE doubles).
    private static async Task<string> DumpAsync(ReportForgeDatabase database, string table)
    {
        await using var connection = await database.OpenAsync(CancellationToken.None);
        var rows = await connection.QueryAsync($"SELECT * FROM {table}");
        var lines = rows.Select(r => string.Join(",", ((IDictionary<string, object?>)r).Values.Select(v => v switch
        {
            null => "",
            double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
            _ => v.ToString(),
        }))).Order(StringComparer.Ordinal);
        return table + ":" + string.Join("|", lines);
    }
}
