using System.Globalization;
using System.Text;
using Dapper;
using Microsoft.Data.Sqlite;
using ReportForge.Data.Import;
using ReportForge.Data.Runs;
using ReportForge.Data.Storage;

namespace ReportForge.Bench;

/// <summary>
/// (a) Single liquidation orders from the import format: the importer (CSV parse + validation + upsert) against a bare
/// prepared-INSERT loop and Dapper's Execute over a list, into the same schema, in the same run, with the same connection
/// settings: into an empty table (the importer's bulk path), and (a2) into a table already holding many more orders (its
/// incremental path).
/// </summary>
internal static class ImportBenchmark
{
    private const string InsertSql =
        """
        INSERT INTO liquidation_orders (time, exchange, symbol, asset, side, price, quantity, usd, source)
        VALUES ($time, $exchange, $symbol, $asset, $side, $price, $quantity, $usd, $source)
        """;

    private static readonly string[] Parameters = ["$time", "$exchange", "$symbol", "$asset", "$side", "$price", "$quantity", "$usd", "$source"];

    private const string DapperSql =
        """
        INSERT INTO liquidation_orders (time, exchange, symbol, asset, side, price, quantity, usd, source)
        VALUES (@Time, @Exchange, @Symbol, @Asset, @Side, @Price, @Quantity, @Usd, @Source)
        """;

    // The page cache the importer raises its connection to for a bulk write or an index build (PageCache.BulkKib in
    // ReportForge.Data): the bare loop and Dapper run with the same, so all three write with the same connection settings.
    private const int ImportCacheKib = 64 * 1024;

    public static async Task RunAsync(int rows, int runs, int preloaded)
    {
        var root = Directory.CreateTempSubdirectory("rf-bench-import-").FullName;
        try
        {
            var dataset = Path.Combine(root, "dataset");
            Directory.CreateDirectory(dataset);
            var orders = Generate(rows, seed: 20250203, day: 0);
            await WriteCsvAsync(Path.Combine(dataset, "liquidation_orders.csv"), orders);
            await File.WriteAllTextAsync(Path.Combine(dataset, "dataset.json"), """{"source":"bench","description":"benchmark","sample":false}""");

            await RunScenarioAsync(
                string.Create(CultureInfo.InvariantCulture, $"### (a) Import of {rows:N0} single liquidation orders into an empty table (median of {runs} runs)"),
                () => FreshAsync(root), dataset, orders, runs);

            // The same file into a table that already holds several times as many orders (earlier days), as a daily import
            // into a collector's database does: the importer keeps the table's indexes and updates them row by row.
            var preloadedPath = await PreloadAsync(root, preloaded, rows);
            await RunScenarioAsync(
                string.Create(CultureInfo.InvariantCulture, $"### (a2) Import of the same {rows:N0} orders into a table already holding {preloaded:N0} (median of {runs} runs)"),
                () => CopyAsync(root, preloadedPath), dataset, orders, runs);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task RunScenarioAsync(string title, Func<Task<ReportForgeDatabase>> prepare, string dataset, List<Order> orders, int runs)
    {
        var rows = orders.Count;
        var importer = new List<double>();
        var bare = new List<double>();
        var dapper = new List<double>();
        var cpu = new List<(double Importer, double Bare, double Dapper)>();
        // One warm-up round (JIT, page cache), then the measured rounds, contenders interleaved.
        for (var run = 0; run <= runs; run++)
        {
            var i = await ImporterAsync(await prepare(), dataset, rows);
            var ci = Measure.LastCpuSeconds;
            var b = await BareLoopAsync(await prepare(), orders);
            var cb = Measure.LastCpuSeconds;
            var d = await DapperAsync(await prepare(), orders);
            var cd = Measure.LastCpuSeconds;
            if (run > 0)
            {
                cpu.Add((ci, cb, cd));
                importer.Add(i);
                bare.Add(b);
                dapper.Add(d);
            }
        }

        var (mi, mb, md) = (Measure.Median(importer), Measure.Median(bare), Measure.Median(dapper));
        var (parse, store) = await BreakdownAsync(await prepare(), dataset);
        Console.WriteLine();
        Console.WriteLine(title);
        Console.WriteLine();
        Console.WriteLine("| contender | median s | rows/s | vs bare loop | vs Dapper |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
        Row("importer: CSV parse + validation + upsert (DatasetImporter)", mi);
        Row("bare prepared INSERT loop (rows already in memory)", mb);
        Row("Dapper Execute over a list (rows already in memory)", md);
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"importer / bare loop = {mb / mi:P0} (goal ≥ 60 %); importer / Dapper = {md / mi:0.00}× (goal ≥ 2×)"));
        var (ci2, cb2, cd2) = (Measure.Median(cpu.Select(c => c.Importer)), Measure.Median(cpu.Select(c => c.Bare)), Measure.Median(cpu.Select(c => c.Dapper)));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"CPU seconds (median): importer {ci2:0.000}, bare loop {cb2:0.000}, Dapper {cd2:0.000} → importer / bare {cb2 / ci2:P0}, importer / Dapper {cd2 / ci2:0.00}×"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"where the importer's time goes (one extra run, not overlapped): CSV parse + validation {parse:0.000} s, upsert (with any index rebuild) {store:0.000} s"));

        void Row(string name, double seconds) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {seconds:0.000} | {rows / seconds:N0} | {mb / seconds:P0} | {md / seconds:0.00}× |"));
    }

    private static async Task<ReportForgeDatabase> FreshAsync(string root)
    {
        var path = Reset(root);
        var database = new ReportForgeDatabase(path);
        await new SchemaMigrator(database, TimeProvider.System).MigrateAsync(CancellationToken.None);
        return database;
    }

    private static Task<ReportForgeDatabase> CopyAsync(string root, string preloadedPath)
    {
        var path = Reset(root);
        File.Copy(preloadedPath, path);
        return Task.FromResult(new ReportForgeDatabase(path));
    }

    // Deletes the run's database; returns its path.
    private static string Reset(string root)
    {
        var path = Path.Combine(root, "bench.db");
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }

        return path;
    }

    /// <summary>A database holding <paramref name="orders"/> orders of the days before the imported one, built once, checkpointed into one file to copy.</summary>
    private static async Task<string> PreloadAsync(string root, int orders, int perDay)
    {
        var path = Path.Combine(root, "preloaded.db");
        var database = new ReportForgeDatabase(path);
        await new SchemaMigrator(database, TimeProvider.System).MigrateAsync(CancellationToken.None);
        for (var day = 1; day * perDay <= orders; day++)
        {
            await InsertAsync(database, Generate(perDay, seed: day, day: -day));
        }

        await using (var connection = await database.OpenAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync("PRAGMA wal_checkpoint(TRUNCATE)");
        }

        SqliteConnection.ClearAllPools();
        return path;
    }

    private static async Task<double> ImporterAsync(ReportForgeDatabase database, string dataset, int rows)
    {
        var importer = new DatasetImporter(database, new IngestRunStore(database, TimeProvider.System));
        DatasetImportResult? result = null;
        var seconds = await Measure.SecondsAsync(async () => result = await importer.ImportAsync(dataset, CancellationToken.None));
        var file = result!.Files.Single(f => f.FileName == "liquidation_orders.csv");
        if (file.Status != FileImportStatus.Stored || file.RowsChanged != rows)
        {
            throw new InvalidOperationException($"the importer stored {file.RowsChanged} of {rows} rows: {string.Join("; ", file.Errors)}");
        }

        return seconds;
    }

    private static async Task<(double Parse, double Store)> BreakdownAsync(ReportForgeDatabase database, string dataset)
    {
        var file = new ReportForge.Data.Liquidations.LiquidationOrderFile();
        ParsedFile? parsed = null;
        var parse = await Measure.SecondsAsync(() =>
        {
            using var reader = new StreamReader(Path.Combine(dataset, file.FileName), Encoding.UTF8, true, 1 << 16);
            parsed = file.Parse(reader, "bench", CancellationToken.None);
            return Task.CompletedTask;
        });
        var store = await Measure.SecondsAsync(async () =>
        {
            await using var connection = await database.OpenAsync(CancellationToken.None);
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
            parsed!.Store(transaction, CancellationToken.None);
            await transaction.CommitAsync();
        });
        return (parse, store);
    }

    private static Task<double> BareLoopAsync(ReportForgeDatabase database, IReadOnlyList<Order> orders) =>
        Measure.SecondsAsync(() => InsertAsync(database, orders));

    private static async Task InsertAsync(ReportForgeDatabase database, IReadOnlyList<Order> orders)
    {
        await using var connection = (SqliteConnection)await database.OpenAsync(CancellationToken.None);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        await UseImportCacheAsync(connection, transaction);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = InsertSql;
        var p = new SqliteParameter[9];
        foreach (var (i, name) in Parameters.Index())
        {
            p[i] = command.Parameters.Add(new SqliteParameter(name, null));
        }

        command.Prepare();
        foreach (var o in orders)
        {
            p[0].Value = o.Time;
            p[1].Value = o.Exchange;
            p[2].Value = o.Symbol;
            p[3].Value = o.Asset;
            p[4].Value = o.Side;
            p[5].Value = o.Price;
            p[6].Value = o.Quantity;
            p[7].Value = o.Usd;
            p[8].Value = o.Source;
            command.ExecuteNonQuery();
        }

        await transaction.CommitAsync();
    }

    private static Task<double> DapperAsync(ReportForgeDatabase database, IReadOnlyList<Order> orders) =>
        Measure.SecondsAsync(async () =>
        {
            await using var connection = await database.OpenAsync(CancellationToken.None);
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
            await UseImportCacheAsync(connection, transaction);
            await connection.ExecuteAsync(DapperSql, orders, transaction);
            await transaction.CommitAsync();
        });

    private static async Task UseImportCacheAsync(System.Data.Common.DbConnection connection, SqliteTransaction transaction) =>
        await connection.ExecuteAsync(string.Create(CultureInfo.InvariantCulture, $"PRAGMA cache_size = -{ImportCacheKib}"), transaction: transaction);

    /// <summary>Orders as a day of collector output looks: a handful of exchanges and symbols, prices rounded as exchanges round them.</summary>
    private static List<Order> Generate(int rows, int seed, int day)
    {
        var random = new Random(seed);
        string[] exchanges = ["Binance", "Bybit", "OKX"];
        (string Symbol, string Asset, double Price)[] symbols = [("BTCUSDT", "BTC", 97000), ("ETHUSDT", "ETH", 2800), ("SOLUSDT", "SOL", 200), ("XRPUSDT", "XRP", 2.6), ("DOGEUSDT", "DOGE", 0.27)];
        var start = new DateTimeOffset(2025, 2, 3, 0, 0, 0, TimeSpan.Zero).AddDays(day).ToUnixTimeMilliseconds();
        var orders = new List<Order>(rows);
        for (var i = 0; i < rows; i++)
        {
            var (symbol, asset, basePrice) = symbols[random.Next(symbols.Length)];
            var price = Math.Round(basePrice * (0.9 + (random.NextDouble() * 0.2)), basePrice > 100 ? 2 : 5);
            var quantity = Math.Round(Math.Exp(random.NextDouble() * 8) / basePrice * 50, 3) + 0.001;
            orders.Add(new Order(start + ((long)i * 86_400_000 / rows), exchanges[random.Next(3)], symbol, asset,
                random.Next(10) < 7 ? "long" : "short", price, quantity, Math.Round(price * quantity, 2), "bench"));
        }

        return orders;
    }

    private static async Task WriteCsvAsync(string path, IReadOnlyList<Order> orders)
    {
        var text = new StringBuilder("time,exchange,symbol,asset,side,price,quantity,usd\n");
        foreach (var o in orders)
        {
            text.Append(DateTimeOffset.FromUnixTimeMilliseconds(o.Time).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture))
                .Append(',').Append(o.Exchange).Append(',').Append(o.Symbol).Append(',').Append(o.Asset).Append(',').Append(o.Side)
                .Append(',').Append(o.Price.ToString("R", CultureInfo.InvariantCulture))
                .Append(',').Append(o.Quantity.ToString("R", CultureInfo.InvariantCulture))
                .Append(',').Append(o.Usd.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        }

        await File.WriteAllTextAsync(path, text.ToString());
    }

    internal sealed record Order(long Time, string Exchange, string Symbol, string Asset, string Side, double Price, double Quantity, double Usd, string Source);
}
