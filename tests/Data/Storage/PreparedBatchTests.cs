using Dapper;
using Microsoft.Data.Sqlite;
using ReportForge.Data.Liquidations;
using ReportForge.Data.Storage;

namespace ReportForge.Data.Tests.Storage;

/// <summary>
/// The raw bulk path on SQLite: new rows go in many at a time with INSERT OR IGNORE, and a batch that meets a stored key goes
/// again row by row through the upsert. What is stored and the count of changes must be what the upsert alone gives.
/// </summary>
public sealed class PreparedBatchTests : IDisposable
{
    private const string UpsertSql =
        """
        INSERT INTO items (k, v) VALUES ($k, $v)
        ON CONFLICT (k) DO UPDATE SET v = excluded.v WHERE items.v IS NOT excluded.v
        """;

    private readonly TempFolder _folder = new();
    private readonly ReportForgeDatabase _database;

    public PreparedBatchTests() => _database = ReportForgeDatabase.InDataDirectory(_folder.Path);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    [Fact]
    public async Task UpsertOrders_inserts_new_orders_updates_changed_ones_and_counts_each_change_once_when_batches_mix_new_and_stored_orders()
    {
        await new SchemaMigrator(_database, TimeProvider.System).MigrateAsync(CancellationToken.None);
        var start = new DateTimeOffset(2025, 2, 3, 0, 0, 0, TimeSpan.Zero);
        LiquidationOrder Order(int i, double usdFactor) => new(start.AddSeconds(i), "Binance", "BTCUSDT", "BTC",
            i % 3 == 0 ? LiquidationSide.Short : LiquidationSide.Long, 100_000, (i + 1) / 100.0, (i + 1) * 1_000 * usdFactor, "test");
        // Every fifth order stored first; of those, every tenth comes again with a new figure. Runs of new orders long
        // enough to go back to whole batches after the row-by-row stretch that follows a stored key.
        const int count = 3_000;
        var stored = Enumerable.Range(0, count).Where(i => (i % 5 == 0 && i < 1_000) || (i >= 2_500 && i % 2 == 0)).ToList();
        var again = Enumerable.Range(0, count).Select(i => Order(i, i % 10 == 0 ? 1.5 : 1)).ToList();
        var changedOnes = stored.Count(i => i % 10 == 0);

        var first = await StoreAsync(stored.Select(i => Order(i, 1)));
        var second = await StoreAsync(again);
        var third = await StoreAsync(again);

        Assert.Equal(stored.Count, first);
        Assert.Equal(count - stored.Count + changedOnes, second);
        Assert.Equal(0, third);
        await using var connection = await _database.OpenAsync(CancellationToken.None);
        var rows = (await connection.QueryAsync<(double Quantity, double Usd)>("SELECT quantity, usd FROM liquidation_orders")).ToList();
        Assert.Equal(count, rows.Count);
        Assert.All(rows, r =>
        {
            var i = (int)Math.Round(r.Quantity * 100) - 1;
            Assert.Equal((i + 1) * 1_000 * (i % 10 == 0 ? 1.5 : 1), r.Usd, 6);
        });

        async Task<int> StoreAsync(IEnumerable<LiquidationOrder> orders)
        {
            await using var connection = await _database.OpenAsync(CancellationToken.None);
            await using var transaction = await connection.BeginTransactionAsync();
            var changed = LiquidationStore.UpsertOrders(transaction, orders.ToList(), CancellationToken.None);
            await transaction.CommitAsync();
            return changed;
        }
    }

    [Fact]
    public async Task ExecuteRaw_raises_the_constraint_error_and_skips_no_row_silently_when_a_row_inside_a_batch_breaks_a_check()
    {
        await using var connection = await _database.OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync("CREATE TABLE items (k INTEGER PRIMARY KEY, v TEXT NOT NULL CHECK (v <> 'bad'))");
        var rows = Enumerable.Range(0, 40).Select(k => (K: (long)k, V: k == 20 ? "bad" : "good")).ToList();
        await using var transaction = await connection.BeginTransactionAsync();

        var error = Assert.Throws<SqliteException>(() => PreparedBatch.ExecuteRaw(transaction, UpsertSql, ["$k", "$v"], rows, static (row, b) =>
        {
            b.Int64(0, row.K);
            b.Text(1, row.V);
        }, CancellationToken.None));

        Assert.Contains("CHECK constraint failed", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("INSERT INTO items (k, v) VALUES ($k, $v)")]
    [InlineData("UPDATE items SET v = $v WHERE k = $k")]
    [InlineData("INSERT INTO items (k, v) VALUES ($k, $v) RETURNING k")]
    [InlineData("INSERT INTO items (k, v) VALUES ($k, $v) ON CONFLICT (k) DO UPDATE SET v = excluded.v")]
    public void NewRowsSql_is_null_when_the_statement_is_not_an_upsert_of_one_values_row_that_leaves_equal_rows_alone(string sql) =>
        Assert.Null(PreparedBatch.NewRowsSql(sql, ["$k", "$v"], 16));

    [Fact]
    public void NewRowsSql_repeats_the_row_with_renamed_parameters_and_drops_the_conflict_clause_when_the_statement_is_an_upsert()
    {
        var (sql, names) = PreparedBatch.NewRowsSql(UpsertSql, ["$k", "$v"], 2)!.Value;

        Assert.Equal("INSERT OR IGNORE INTO items (k, v) VALUES ($k_r0, $v_r0), ($k_r1, $v_r1)", sql.Trim());
        Assert.Equal(["$k_r0", "$v_r0", "$k_r1", "$v_r1"], names);
    }
}
