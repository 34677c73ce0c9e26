using System.Globalization;
using Dapper;
using ReportForge.Data.Import;
using ReportForge.Data.Runs;
using ReportForge.Data.Storage;

namespace ReportForge.Data.Tests.Import;

public sealed class DatasetImporterSqliteTests() : DatasetImporterTests(StorageProvider.Sqlite);

public sealed class DatasetImporterPostgresTests() : DatasetImporterTests(StorageProvider.Postgres);

/// <summary>The import's behaviour, the same on both storage engines.</summary>
public abstract class DatasetImporterTests : IDisposable
{
    private const string Candles =
        """
        asset,interval,time,open,high,low,close,volume_usd
        BTC,1h,2025-02-03T00:00:00Z,97500.5,97800,96100.25,96400,123456789.5
        BTC,1h,2025-02-03T01:00:00Z,96400,96500,91231,92010.75,223456789
        BTC,1d,2025-02-03T00:00:00Z,97500.5,97800,91231,92010.75,346913578.5
        """;

    private const string Liquidations =
        """
        time,interval,asset,exchange,side,usd,orders
        2025-02-03T00:00:00Z,1h,ETH,Binance,long,1765210000,1200
        2025-02-03T00:00:00Z,1h,ETH,Binance,short,269640000,
        """;

    private const string Catalysts =
        """"
        time,title,category,summary,url
        2025-02-02T12:00:00Z,"Tariffs on Canada, Mexico",macro,"25 % duties, ""effective within days""",https://example.org/tariffs
        """";

    private readonly TempFolder _folder = new();
    private readonly TestDatabase _store;
    private readonly ReportForgeDatabase _database;
    private readonly DatasetImporter _importer;

    protected DatasetImporterTests(StorageProvider provider)
    {
        _store = new TestDatabase(provider, _folder.File("data"));
        _database = _store.Database;
        new SchemaMigrator(_database, TimeProvider.System).MigrateAsync(CancellationToken.None).GetAwaiter().GetResult();
        _importer = new DatasetImporter(_database, new IngestRunStore(_database, TimeProvider.System));
    }

    public void Dispose()
    {
        _store.Dispose();
        _folder.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Import_stores_every_row_with_its_values_and_source()
    {
        var dataset = WriteDataset(("candles.csv", Candles), ("liquidations.csv", Liquidations), ("catalysts.csv", Catalysts));

        var result = await _importer.ImportAsync(dataset, CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Equal(3, result.Files.Single(f => f.FileName == "candles.csv").RowsChanged);
        await using var connection = await _database.OpenAsync(CancellationToken.None);
        var low = await connection.QuerySingleAsync<double>("SELECT low FROM candles WHERE asset = 'BTC' AND interval = '1h' AND time = @t",
            new { t = DateTimeOffset.Parse("2025-02-03T01:00:00Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds() });
        Assert.Equal(91231, low);
        var orders = (await connection.QueryAsync<long?>("SELECT orders FROM liquidations ORDER BY side")).ToList();
        Assert.Equal([1200L, null], orders);
        var catalyst = await connection.QuerySingleAsync<(string Title, string Summary, string Source)>("SELECT title, summary, source FROM catalysts");
        Assert.Equal(("Tariffs on Canada, Mexico", "25 % duties, \"effective within days\"", "dataset"), catalyst);
    }

    [Fact]
    public async Task Import_changes_nothing_when_the_same_dataset_is_imported_again()
    {
        var dataset = WriteDataset(("candles.csv", Candles), ("liquidations.csv", Liquidations), ("catalysts.csv", Catalysts));
        await _importer.ImportAsync(dataset, CancellationToken.None);
        var before = await SnapshotAsync();

        var again = await _importer.ImportAsync(dataset, CancellationToken.None);

        Assert.All(again.Files.Where(f => f.Status == FileImportStatus.Stored), f => Assert.Equal(0, f.RowsChanged));
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task Import_updates_a_row_in_place_when_its_values_change()
    {
        await _importer.ImportAsync(WriteDataset(("liquidations.csv", Liquidations)), CancellationToken.None);

        var changed = await _importer.ImportAsync(WriteDataset(("liquidations.csv", Liquidations.Replace("1765210000", "1765220000", StringComparison.Ordinal))), CancellationToken.None);

        Assert.Equal(1, changed.Files.Single(f => f.FileName == "liquidations.csv").RowsChanged);
        await using var connection = await _database.OpenAsync(CancellationToken.None);
        Assert.Equal(2, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM liquidations"));
        Assert.Equal(1765220000d, await connection.ExecuteScalarAsync<double>("SELECT usd FROM liquidations WHERE side = 'long'"));
    }

    [Fact]
    public async Task Import_of_many_single_orders_stores_each_once_and_updates_a_changed_one_in_place()
    {
        // More orders than one bulk statement holds (64), and not a multiple of it: full statements and the orders left over.
        const int count = 1_000;
        static string Orders(int changed) => "time,exchange,symbol,asset,side,price,quantity,usd\n" + string.Concat(Enumerable.Range(0, count).Select(i =>
        {
            var quantity = (i + 1) / 100.0;
            var usd = quantity * 100_000 * (i == changed ? 1.01 : 1);
            return string.Create(CultureInfo.InvariantCulture,
                $"2025-02-03T{i / 60 % 24:00}:{i % 60:00}:{i % 7:00}Z,Binance,BTCUSDT,BTC,{(i % 3 == 0 ? "short" : "long")},100000,{quantity},{usd}\n");
        }));

        var first = await _importer.ImportAsync(WriteDataset(("liquidation_orders.csv", Orders(-1))), CancellationToken.None);
        var again = await _importer.ImportAsync(WriteDataset(("liquidation_orders.csv", Orders(-1))), CancellationToken.None);
        var changed = await _importer.ImportAsync(WriteDataset(("liquidation_orders.csv", Orders(499))), CancellationToken.None);

        Assert.Equal([count, 0, 1], new[] { first, again, changed }.Select(r => r.Files.Single(f => f.FileName == "liquidation_orders.csv").RowsChanged));
        await using var connection = await _database.OpenAsync(CancellationToken.None);
        Assert.Equal(count, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM liquidation_orders"));
        Assert.Equal(500_000.0 * 1.01, await connection.ExecuteScalarAsync<double>("SELECT usd FROM liquidation_orders WHERE quantity = 5"), 6);
        Assert.Equal(1000.0 * 999, await connection.ExecuteScalarAsync<double>("SELECT usd FROM liquidation_orders WHERE quantity = 9.99"), 6);
    }

    [Fact]
    public async Task Import_stores_none_of_a_large_order_file_and_keeps_what_was_stored_when_a_row_near_its_end_is_bad()
    {
        // Larger than the first chunks the importer stores while it is still reading: some of the file is already written when the bad row comes.
        const int count = 20_000;
        static string Orders(int first, int rows, int badLine) => "time,exchange,symbol,asset,side,price,quantity,usd\n" + string.Concat(Enumerable.Range(first, rows).Select(i =>
            string.Create(CultureInfo.InvariantCulture,
                $"{new DateTime(2025, 2, 3, 0, 0, 0, DateTimeKind.Utc).AddSeconds(i):yyyy-MM-dd'T'HH:mm:ss'Z'},Binance,BTCUSDT,BTC,long,100000,{(i - first == badLine - 2 ? "abc" : "0.5")},50000\n")));
        await _importer.ImportAsync(WriteDataset(("liquidation_orders.csv", Orders(-100, 100, badLine: 0))), CancellationToken.None);

        var result = await _importer.ImportAsync(WriteDataset(("liquidation_orders.csv", Orders(0, count, badLine: count - 3))), CancellationToken.None);

        var file = result.Files.Single(f => f.FileName == "liquidation_orders.csv");
        Assert.Equal(FileImportStatus.Refused, file.Status);
        var error = Assert.Single(file.Errors);
        Assert.Equal((count - 3, "quantity"), (error.Line, error.Column));
        await using var connection = await _database.OpenAsync(CancellationToken.None);
        Assert.Equal(100, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM liquidation_orders"));
        Assert.Equal(100, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM liquidation_orders WHERE time < 1738540800000"));
    }

    [Theory]
    [InlineData("BTC,1h,2025-02-03T02:00:00Z,92010.75,93000,91000,abc,1", 5, "close", "not a number")]
    [InlineData("BTC,1h,2025-02-03T02:00:00,92010.75,93000,91000,92500,1", 5, "time", "ISO-8601 UTC")]
    [InlineData("BTC,1h,2025-02-03T02:30:00Z,92010.75,93000,91000,92500,1", 5, "time", "whole hour")]
    [InlineData("BTC,5m,2025-02-03T02:00:00Z,92010.75,93000,91000,92500,1", 5, "interval", "1h or 1d")]
    [InlineData("BTC,1h,2025-02-03T02:00:00Z,92010.75,90000,91000,92500,1", 5, "high", "highest price")]
    [InlineData("BTC,1h,2025-02-03T02:00:00Z,\"92,010.75\",93000,91000,92500,1", 5, "open", "thousands separators")]
    [InlineData("BTC,1h,2025-02-03T00:00:00Z,97500.5,97800,96100.25,96400,123456789.5", 5, "(row)", "repeats the key of line 2")]
    public async Task Import_refuses_the_whole_file_naming_line_column_and_reason_when_one_row_is_bad(string badRow, int line, string column, string reason)
    {
        var dataset = WriteDataset(("candles.csv", Candles + "\n" + badRow), ("liquidations.csv", Liquidations));

        var result = await _importer.ImportAsync(dataset, CancellationToken.None);

        Assert.False(result.Succeeded);
        var candles = result.Files.Single(f => f.FileName == "candles.csv");
        Assert.Equal(FileImportStatus.Refused, candles.Status);
        var error = Assert.Single(candles.Errors);
        Assert.Equal(("candles.csv", line, column), (error.File, error.Line, error.Column));
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
        await using var connection = await _database.OpenAsync(CancellationToken.None);
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM candles"));
        // The other, good file of the dataset is still stored.
        Assert.Equal(FileImportStatus.Stored, result.Files.Single(f => f.FileName == "liquidations.csv").Status);
        Assert.Equal(2, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM liquidations"));
    }

    [Fact]
    public async Task Import_refuses_a_file_with_an_unknown_column()
    {
        var dataset = WriteDataset(("market.csv", "date,total_market_cap_usd,traders_liquidated,mood\n2025-02-03,1,2,calm\n"));

        var result = await _importer.ImportAsync(dataset, CancellationToken.None);

        var error = Assert.Single(result.Files.Single(f => f.FileName == "market.csv").Errors);
        Assert.Equal((1, "mood"), (error.Line, error.Column));
        Assert.Contains("not a column of market.csv", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_keeps_a_figure_another_row_stored_when_the_new_row_leaves_it_empty()
    {
        await _importer.ImportAsync(WriteDataset(("market.csv", "date,total_market_cap_usd,traders_liquidated\n2025-02-03,3200000000000,700600\n")), CancellationToken.None);

        await _importer.ImportAsync(WriteDataset(("market.csv", "date,total_market_cap_usd,traders_liquidated\n2025-02-03,3210000000000,\n")), CancellationToken.None);

        await using var connection = await _database.OpenAsync(CancellationToken.None);
        var row = await connection.QuerySingleAsync<(double Cap, long Traders)>("SELECT total_market_cap_usd, traders_liquidated FROM market_days");
        Assert.Equal((3.21e12, 700600L), row);
    }

    [Fact]
    public async Task Import_records_the_run_with_rows_per_file()
    {
        await _importer.ImportAsync(WriteDataset(("candles.csv", Candles)), CancellationToken.None);

        var run = Assert.Single(await new IngestRunStore(_database, TimeProvider.System).RecentAsync(5, CancellationToken.None));

        Assert.Equal(("dataset", "import", "succeeded"), (run.Source, run.Kind, run.Outcome));
        Assert.Equal(3, run.Rows["candles.csv"]);
    }

    [Fact]
    public async Task Import_uses_the_manifest_source_and_sample_flag()
    {
        var dataset = WriteDataset(("candles.csv", Candles), ("dataset.json", """{"source":"desk-sample","description":"demo","sample":true}"""));

        var result = await _importer.ImportAsync(dataset, CancellationToken.None);

        Assert.Equal(("desk-sample", true), (result.Source, result.Sample));
        await using var connection = await _database.OpenAsync(CancellationToken.None);
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT is_sample FROM sources WHERE name = 'desk-sample'"));
        Assert.Equal("desk-sample", await connection.ExecuteScalarAsync<string>("SELECT DISTINCT source FROM candles"));
    }

    private string WriteDataset(params (string Name, string Content)[] files)
    {
        var folder = _folder.File(Path.Combine("sets", Guid.NewGuid().ToString("N")[..6], "dataset"));
        Directory.CreateDirectory(folder);
        foreach (var (name, content) in files)
        {
            File.WriteAllText(Path.Combine(folder, name), content.ReplaceLineEndings("\n"));
        }

        return folder;
    }

    private async Task<string> SnapshotAsync()
    {
        await using var connection = await _database.OpenAsync(CancellationToken.None);
        var parts = new List<string>();
        foreach (var table in new[] { "candles", "liquidations", "liquidation_orders", "market_days", "derivatives", "catalysts" })
        {
            var rows = await connection.QueryAsync($"SELECT * FROM {table} ORDER BY 1, 2, 3");
            parts.Add(table + ":" + string.Join("|", rows.Select(r => string.Join(",", ((IDictionary<string, object>)r).Values))));
        }

        return string.Join("\n", parts);
    }
}
