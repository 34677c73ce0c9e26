using System.Diagnostics;
using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using ReportForge.Data.Import;
using ReportForge.Data.Storage;
using ReportForge.Reporting.Analysis;
using ReportForge.Reporting.Analysis.Liquidations;

namespace ReportForge.Bench;

/// <summary>
/// (b) The day's liquidation facts (total, long/short, per asset, per exchange, largest single, order count) out of
/// 10 million stored orders: a year of collector output with cascade days, rolled up into hourly tracked buckets as the
/// collectors do, then the analysis timed on the busiest and on an ordinary day.
/// </summary>
internal static class FactsBenchmark
{
    private const string Source = "exchange-streams";
    private static readonly string[] Names = ["$t", "$e", "$s", "$a", "$side", "$p", "$q", "$u", "$src"];
    private static readonly DateOnly First = new(2025, 1, 1);
    private static readonly DateOnly Busiest = new(2025, 10, 10);
    private static readonly DateOnly Ordinary = new(2025, 6, 17);

    // Cascade days carry many times an ordinary day's orders, as 10 Oct 2025 and 3 Feb 2025 did.
    private static readonly Dictionary<DateOnly, int> Weights = new()
    {
        [new DateOnly(2025, 1, 27)] = 6,
        [new DateOnly(2025, 2, 3)] = 12,
        [Busiest] = 20,
        [new DateOnly(2025, 11, 21)] = 8,
    };

    private const string OrdersOnlySql =
        """
        SELECT asset AS Asset, exchange AS Exchange, side AS Side, SUM(usd) AS Usd, COUNT(*) AS Orders
        FROM liquidation_orders WHERE time >= @start AND time < @end
        GROUP BY asset, exchange, side
        """;

    private const string LargestSql =
        """
        SELECT exchange, symbol, asset, side, usd, price, time FROM liquidation_orders
        WHERE time >= @start AND time < @end ORDER BY usd DESC LIMIT 1
        """;

    public static async Task RunAsync(int orders, int runs, string? keep)
    {
        var folder = keep ?? Directory.CreateTempSubdirectory("rf-bench-facts-").FullName;
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"facts-{orders}.db");
        try
        {
            var database = new ReportForgeDatabase(path);
            await new SchemaMigrator(database, TimeProvider.System).MigrateAsync(CancellationToken.None);
            await using (var connection = (SqliteConnection)await database.OpenAsync(CancellationToken.None))
            {
                var stored = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM liquidation_orders");
                if (stored != orders)
                {
                    var watch = Stopwatch.StartNew();
                    await GenerateAsync(connection, orders);
                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"generated {orders:N0} orders and their hourly buckets in {watch.Elapsed.TotalSeconds:0} s"));
                }
            }

            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"### (b) The day's liquidation facts out of {orders:N0} stored orders (median of {runs} runs, warm)"));
            Console.WriteLine();
            Console.WriteLine("| day | orders that day | LiquidationAnalysis.AnalyseAsync (buckets + largest order) | largest order alone | same facts straight from the orders |");
            Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
            foreach (var day in new[] { Busiest, Ordinary })
            {
                await using var connection = await database.OpenAsync(CancellationToken.None);
                var window = BriefWindow.ForDate(day, TimeZoneInfo.Utc);
                var range = new { start = window.Start.ToUnixTimeMilliseconds(), end = window.End.ToUnixTimeMilliseconds() };
                var count = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM liquidation_orders WHERE time >= @start AND time < @end", range);

                var analysis = new List<double>();
                var direct = new List<double>();
                var largestOnly = new List<double>();
                LiquidationFacts? facts = null;
                for (var run = 0; run <= runs; run++)
                {
                    var watch = Stopwatch.StartNew();
                    facts = await LiquidationAnalysis.AnalyseAsync(connection, window, CancellationToken.None);
                    var a = watch.Elapsed.TotalMilliseconds;
                    watch.Restart();
                    var groups = (await connection.QueryAsync<GroupRow>(OrdersOnlySql, range)).ToList();
                    var largest = await connection.QueryFirstAsync<LargestRow>(LargestSql, range);
                    _ = (groups.Sum(g => g.Usd), groups.Sum(g => g.Orders), largest.Usd);
                    var d = watch.Elapsed.TotalMilliseconds;
                    watch.Restart();
                    var top = await connection.QueryFirstAsync<LargestRow>(LargestSql, range);
                    var l = watch.Elapsed.TotalMilliseconds;
                    if (facts?.Largest is not { } reported || Math.Abs(reported.Usd - top.Usd) > 0.001)
                    {
                        throw new InvalidOperationException("the analysis did not report the largest order");
                    }

                    if (run > 0)
                    {
                        analysis.Add(a);
                        direct.Add(d);
                        largestOnly.Add(l);
                    }
                }

                if (facts is null || facts.Orders != count)
                {
                    throw new InvalidOperationException($"the analysis of {day} counted {facts?.Orders} orders, the table holds {count}");
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {day:yyyy-MM-dd} | {count:N0} | {Measure.Median(analysis):0.0} ms | {Measure.Median(largestOnly):0.0} ms | {Measure.Median(direct):0.0} ms |"));
            }

            Console.WriteLine();
            Console.WriteLine("Goal: ≤ 50 ms for the day's facts.");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (keep is null)
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static async Task GenerateAsync(SqliteConnection connection, int orders)
    {
        await connection.ExecuteAsync("DELETE FROM liquidation_orders; DELETE FROM liquidations;");
        var days = Enumerable.Range(0, 365).Select(i => First.AddDays(i)).ToList();
        var totalWeight = days.Sum(d => Weights.GetValueOrDefault(d, 1));
        var random = new Random(20251010);
        string[] exchanges = ["Binance", "Bybit", "OKX"];
        (string Symbol, string Asset, double Price)[] symbols =
        [
            ("BTCUSDT", "BTC", 97000), ("ETHUSDT", "ETH", 2800), ("SOLUSDT", "SOL", 200), ("XRPUSDT", "XRP", 2.6), ("DOGEUSDT", "DOGE", 0.27),
            ("BNBUSDT", "BNB", 650), ("ADAUSDT", "ADA", 0.8), ("LINKUSDT", "LINK", 20), ("AVAXUSDT", "AVAX", 30), ("SUIUSDT", "SUI", 3.5),
        ];
        var written = 0;
        SqliteTransaction? transaction = null;
        SqliteCommand? command = null;
        SqliteParameter[] p = [];
        foreach (var (day, index) in days.Select((d, i) => (d, i)))
        {
            var perDay = index == days.Count - 1 ? orders - written : (int)((long)orders * Weights.GetValueOrDefault(day, 1) / totalWeight);
            var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds();
            for (var i = 0; i < perDay; i++)
            {
                if (written % 250_000 == 0)
                {
                    if (transaction is not null)
                    {
                        await transaction.CommitAsync();
                        await transaction.DisposeAsync();
                        command!.Dispose();
                    }

                    transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
                    command = connection.CreateCommand();
                    command.Transaction = transaction;
                    command.CommandText =
                        "INSERT INTO liquidation_orders (time, exchange, symbol, asset, side, price, quantity, usd, source) VALUES ($t, $e, $s, $a, $side, $p, $q, $u, $src)";
                    p = Names.Select(n => command.Parameters.Add(new SqliteParameter(n, null))).ToArray();
                    command.Prepare();
                }

                var (symbol, asset, basePrice) = symbols[Math.Min(symbols.Length - 1, (int)(random.NextDouble() * random.NextDouble() * symbols.Length))];
                var price = Math.Round(basePrice * (0.9 + (random.NextDouble() * 0.2)), 5);
                // Heavy-tailed sizes: most orders are small, a few are millions.
                var usd = Math.Round(50 * Math.Exp(random.NextDouble() * random.NextDouble() * 12), 2);
                p[0].Value = start + (long)((i + random.NextDouble()) * 86_400_000 / perDay);
                p[1].Value = exchanges[random.Next(3)];
                p[2].Value = symbol;
                p[3].Value = asset;
                p[4].Value = random.Next(10) < 6 ? "long" : "short";
                p[5].Value = price;
                p[6].Value = usd / price;
                p[7].Value = usd;
                p[8].Value = Source;
                command!.ExecuteNonQuery();
                written++;
            }
        }

        await transaction!.CommitAsync();
        await transaction.DisposeAsync();
        command!.Dispose();

        // The hourly tracked buckets, rolled up as the collectors' sink does.
        await using var rollup = (SqliteTransaction)await connection.BeginTransactionAsync();
        await SourceStore.UpsertAsync(rollup, new DataSource(Source, "benchmark collectors", false, true), CancellationToken.None);
        await connection.ExecuteAsync(
            """
            INSERT INTO liquidations (source, time, interval, asset, exchange, side, usd, orders, tracked)
            SELECT source, time / 3600000 * 3600000, '1h', asset, exchange, side, SUM(usd), COUNT(*), 1
            FROM liquidation_orders GROUP BY source, time / 3600000, asset, exchange, side
            """, transaction: rollup, commandTimeout: 600);
        await rollup.CommitAsync();
    }

    private sealed record GroupRow
    {
        public string Asset { get; init; } = "";
        public string Exchange { get; init; } = "";
        public string Side { get; init; } = "";
        public double Usd { get; init; }
        public long Orders { get; init; }
    }

    private sealed record LargestRow
    {
        public string Exchange { get; init; } = "";
        public double Usd { get; init; }
    }
}
