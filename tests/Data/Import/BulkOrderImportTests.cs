using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Dapper;
using ReportForge.Data.Import;
using ReportForge.Data.Runs;
using ReportForge.Data.Storage;

namespace ReportForge.Data.Tests.Import;

/// <summary>
/// Single orders on SQLite: a file larger than the table is loaded without the by-time index, which is built again in the
/// same transaction; a smaller one keeps the index. SQLite's schema counter (PRAGMA schema_version) tells which path ran.
/// </summary>
public sealed partial class BulkOrderImportTests : IDisposable
{
    private const int Large = 20_000;

    private readonly TempFolder _folder = new();
    private readonly ReportForgeDatabase _database;
    private readonly DatasetImporter _importer;

    public BulkOrderImportTests()
    {
        _database = ReportForgeDatabase.InDataDirectory(_folder.File("data"));
        new SchemaMigrator(_database, TimeProvider.System).MigrateAsync(CancellationToken.None).GetAwaiter().GetResult();
        _importer = new DatasetImporter(_database, new IngestRunStore(_database, TimeProvider.System));
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Large_import_stores_every_order_and_leaves_the_by_time_index_as_migrated_when_the_table_is_empty()
    {
        var before = await SchemaAsync();

        var result = await ImportAsync(Orders(0, Large));

        Assert.Equal((FileImportStatus.Stored, Large), (result.Status, result.RowsChanged));
        var after = await SchemaAsync();
        Assert.Equal(MigratedByTimeIndex(), after.ByTimeIndex);
        Assert.True(after.Version > before.Version, "the index was not dropped and built again: the import took the row-by-row path");
        await AssertIndexServesEveryOrderAsync(Large);
    }

    [Fact]
    public async Task Large_file_is_refused_whole_leaving_the_table_and_its_index_as_they_were_when_a_row_near_its_end_is_bad()
    {
        await ImportAsync(Orders(-1_000, 100));
        var before = await SchemaAsync();
        var rowsBefore = await RowsAsync();
        var lines = Orders(0, Large).Split('\n');
        var badLine = Large - 5; // 1-based file line of a row near the end (the header is line 1)
        lines[badLine - 1] = lines[badLine - 1].Replace(",long,", ",sideways,", StringComparison.Ordinal).Replace(",short,", ",sideways,", StringComparison.Ordinal);

        var result = await ImportAsync(string.Join('\n', lines));

        Assert.Equal(FileImportStatus.Refused, result.Status);
        var error = Assert.Single(result.Errors);
        Assert.Equal(("liquidation_orders.csv", badLine, "side"), (error.File, error.Line, error.Column));
        Assert.Equal("'sideways' is not a side; use long or short", error.Reason);
        Assert.Equal(rowsBefore, await RowsAsync());
        Assert.Equal(before, await SchemaAsync());
        await AssertIndexServesEveryOrderAsync(100);
    }

    [Fact]
    public async Task Small_import_keeps_the_indexes_and_updates_them_row_by_row_when_the_table_holds_more_orders()
    {
        await ImportAsync(Orders(-Large, Large));
        var before = await SchemaAsync();

        var result = await ImportAsync(Orders(0, 1_000));

        Assert.Equal((FileImportStatus.Stored, 1_000), (result.Status, result.RowsChanged));
        Assert.Equal(before, await SchemaAsync());
        await AssertIndexServesEveryOrderAsync(Large + 1_000);
    }

    /// <summary><paramref name="count"/> distinct orders, one a second from <paramref name="firstSecond"/> after 2025-02-03, several exchanges and symbols mixed.</summary>
    private static string Orders(int firstSecond, int count)
    {
        string[] exchanges = ["Binance", "Bybit", "OKX"];
        (string Symbol, string Asset, double Price)[] symbols = [("BTCUSDT", "BTC", 97000), ("ETHUSDT", "ETH", 2800), ("SOLUSDT", "SOL", 200)];
        var start = new DateTime(2025, 2, 3, 0, 0, 0, DateTimeKind.Utc);
        var csv = new StringBuilder("time,exchange,symbol,asset,side,price,quantity,usd\n");
        for (var i = 0; i < count; i++)
        {
            var (symbol, asset, price) = symbols[i % symbols.Length];
            var quantity = ((i % 97) + 1) / 100.0;
            csv.Append(CultureInfo.InvariantCulture, $"{start.AddSeconds(firstSecond + i):yyyy-MM-dd'T'HH:mm:ss'Z'},{exchanges[i % exchanges.Length]},{symbol},{asset},{(i % 3 == 0 ? "short" : "long")},{price},{quantity},{price * quantity}\n");
        }

        return csv.ToString();
    }

    private async Task<FileImportOutcome> ImportAsync(string orders)
    {
        var folder = _folder.File(Path.Combine("sets", Guid.NewGuid().ToString("N")[..6]));
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "liquidation_orders.csv"), orders);
        var result = await _importer.ImportAsync(folder, CancellationToken.None);
        return result.Files.Single(f => f.FileName == "liquidation_orders.csv");
    }

    private async Task<(long Version, string? ByTimeIndex)> SchemaAsync()
    {
        await using var connection = await _database.OpenAsync(CancellationToken.None);
        var version = await connection.ExecuteScalarAsync<long>("PRAGMA schema_version");
        var index = await connection.ExecuteScalarAsync<string?>("SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = 'liquidation_orders_by_time'");
        return (version, index);
    }

    private async Task<string> RowsAsync()
    {
        await using var connection = await _database.OpenAsync(CancellationToken.None);
        var rows = await connection.QueryAsync<(long, string, string, string, string, double, double, double, string)>(
            "SELECT time, exchange, symbol, asset, side, price, quantity, usd, source FROM liquidation_orders ORDER BY exchange, symbol, time, side, price, quantity");
        return string.Join('\n', rows);
    }

    // The index holds an entry for every order and the file is sound (a rebuilt or rolled-back index that missed rows would fail here).
    private async Task AssertIndexServesEveryOrderAsync(int orders)
    {
        await using var connection = await _database.OpenAsync(CancellationToken.None);
        Assert.Equal("ok", await connection.ExecuteScalarAsync<string>("PRAGMA integrity_check"));
        Assert.Equal(orders, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM liquidation_orders INDEXED BY liquidation_orders_by_time WHERE time >= 0"));
    }

    // The index as migration 0101 creates it, read from the migration itself.
    private static string MigratedByTimeIndex()
    {
        var migration = SchemaMigrator.EmbeddedMigrations(StorageProvider.Sqlite).Single(m => m.Version == 101);
        return CreateByTimeIndex().Match(migration.Sql).Value;
    }

    [GeneratedRegex(@"CREATE INDEX liquidation_orders_by_time ON [^;]+")]
    private static partial Regex CreateByTimeIndex();
}
