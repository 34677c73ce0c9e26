using System.Globalization;
using System.Text;

namespace ReportForge.Scheduler.Tests.TestSupport;

/// <summary>Writes a small dataset in the import format: hourly candles and liquidations for whole UTC days.</summary>
public static class TestDataset
{
    public const string Source = "test-desk";

    private static readonly (string Asset, double Price)[] Assets = [("BTC", 96_000), ("ETH", 2_700), ("SOL", 200), ("XRP", 2.5), ("DOGE", 0.3)];

    /// <summary>Brings <paramref name="database"/> to the current schema and imports <paramref name="dataset"/> into it, as `reportforge import` does.</summary>
    public static async Task ImportIntoAsync(ReportForge.Data.Storage.ReportForgeDatabase database, string dataset)
    {
        await new ReportForge.Data.Storage.SchemaMigrator(database, TimeProvider.System).MigrateAsync(CancellationToken.None);
        var import = await new ReportForge.Data.Import.DatasetImporter(database, new ReportForge.Data.Runs.IngestRunStore(database, TimeProvider.System))
            .ImportAsync(dataset, CancellationToken.None);
        Assert.True(import.Succeeded, string.Join("; ", import.Files.SelectMany(f => f.Errors)));
    }

    /// <summary>The last <paramref name="days"/> whole UTC days before today, plus any <paramref name="extra"/> days.</summary>
    public static IReadOnlyList<DateOnly> RecentDays(int days, params DateOnly[] extra) =>
        Enumerable.Range(1, days).Select(d => DateOnly.FromDateTime(DateTime.UtcNow.Date.AddDays(-d))).Concat(extra).Distinct().Order().ToList();

    /// <summary>Writes the dataset; <paramref name="liquidationsPerHourUsd"/> sets the size of every hour's liquidations.</summary>
    public static string Write(string folder, IEnumerable<DateOnly> days, double liquidationsPerHourUsd = 40_000_000, string source = Source)
    {
        Directory.CreateDirectory(folder);
        var candles = new StringBuilder("asset,interval,time,open,high,low,close,volume_usd\n");
        var liquidations = new StringBuilder("time,interval,asset,exchange,side,usd,orders\n");
        var orders = new StringBuilder("time,exchange,symbol,asset,side,price,quantity,usd\n");
        var market = new StringBuilder("date,total_market_cap_usd,traders_liquidated\n");
        foreach (var day in days.Order())
        {
            var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            foreach (var (asset, price) in Assets)
            {
                for (var hour = 0; hour < 24; hour++)
                {
                    // A steady slide of about 6 % over the day: a liquidation day, longs hit hardest.
                    var open = price * (1 - 0.0025 * hour);
                    var close = price * (1 - 0.0025 * (hour + 1));
                    candles.Append(Inv($"{asset},1h,{Time(start.AddHours(hour))},{open},{open * 1.002},{close * 0.998},{close},{1_000_000_000}\n"));
                }
            }

            for (var hour = 0; hour < 24; hour++)
            {
                foreach (var (asset, share) in new[] { ("BTC", 0.6), ("ETH", 0.4) })
                {
                    liquidations.Append(Inv($"{Time(start.AddHours(hour))},1h,{asset},all,long,{liquidationsPerHourUsd * share * 0.8},{1200}\n"));
                    liquidations.Append(Inv($"{Time(start.AddHours(hour))},1h,{asset},all,short,{liquidationsPerHourUsd * share * 0.2},{300}\n"));
                }
            }

            orders.Append(Inv($"{Time(start.AddHours(14))},Binance,BTCUSDT,BTC,long,{Assets[0].Price * 0.96},{250},{Assets[0].Price * 0.96 * 250}\n"));
            market.Append(Inv($"{day:yyyy-MM-dd},{3_100_000_000_000},{150_000}\n"));
        }

        File.WriteAllText(Path.Combine(folder, "candles.csv"), candles.ToString());
        File.WriteAllText(Path.Combine(folder, "liquidations.csv"), liquidations.ToString());
        File.WriteAllText(Path.Combine(folder, "liquidation_orders.csv"), orders.ToString());
        File.WriteAllText(Path.Combine(folder, "market.csv"), market.ToString());
        File.WriteAllText(Path.Combine(folder, "dataset.json"), $$"""{"source": "{{source}}", "description": "test data", "sample": false}""");
        return folder;
    }

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
