using System.Globalization;
using System.Text;

namespace ReportForge.Bench.Rendering;

/// <summary>Writes a small dataset in the import format: a liquidation cascade on 3 February 2025 with hourly prices around it.</summary>
/// <remarks>Deterministic (fixed seed), so the benchmark and the tests print the same brief every run.</remarks>
public static class SyntheticDataset
{
    public static readonly DateOnly Day = new(2025, 2, 3);

    public static async Task WriteAsync(string folder, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var random = new Random(20250203);
        var start = new DateTimeOffset(2025, 1, 20, 0, 0, 0, TimeSpan.Zero);
        var crash = new DateTimeOffset(2025, 2, 3, 0, 0, 0, TimeSpan.Zero);
        var candles = new StringBuilder("asset,interval,time,open,high,low,close,volume_usd\n");
        foreach (var (asset, level, drop) in new[] { ("BTC", 101_000.0, 0.09), ("ETH", 3_300.0, 0.19), ("SOL", 230.0, 0.16) })
        {
            var price = level;
            for (var t = start; t < crash.AddDays(2); t = t.AddHours(1))
            {
                var open = price;
                var hour = (t - crash).TotalHours;
                var target = hour is >= 0 and < 24 ? level * (1 - drop * Math.Max(0, 1 - Math.Abs(hour - 9) / 16)) : level * (1 + 0.01 * Math.Sin(hour / 7));
                price = target * (1 + (random.NextDouble() - 0.5) * 0.004);
                var high = Math.Max(open, price) * (1 + random.NextDouble() * 0.003);
                var low = Math.Min(open, price) * (1 - random.NextDouble() * 0.003);
                candles.Append(CultureInfo.InvariantCulture, $"{asset},1h,{t:yyyy-MM-ddTHH:mm:ssZ},{open:F2},{high:F2},{low:F2},{price:F2},{random.Next(1_000_000, 9_000_000)}\n");
            }
        }

        var liquidations = new StringBuilder("time,interval,asset,exchange,side,usd,orders\n");
        var exchanges = new[] { ("Binance", 0.4), ("Bybit", 0.25), ("OKX", 0.19), ("Bitget", 0.1), ("HTX", 0.06) };
        foreach (var (asset, weight) in new[] { ("BTC", 0.3), ("ETH", 0.45), ("SOL", 0.25) })
        {
            foreach (var (exchange, share) in exchanges)
            {
                for (var h = 0; h < 24; h++)
                {
                    var intensity = Math.Max(0.05, 1 - Math.Abs(h - 8) / 10.0);
                    var longs = 1.6e9 / 24 * weight * share * intensity * (0.8 + random.NextDouble() * 0.4) * 2.2;
                    var shorts = longs * (0.1 + random.NextDouble() * 0.1);
                    var time = crash.AddHours(h).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
                    liquidations.Append(CultureInfo.InvariantCulture, $"{time},1h,{asset},{exchange},long,{longs:F0},{(int)(longs / 40_000)}\n");
                    liquidations.Append(CultureInfo.InvariantCulture, $"{time},1h,{asset},{exchange},short,{shorts:F0},{(int)(shorts / 40_000)}\n");
                }
            }
        }

        const string orders = "time,exchange,symbol,asset,side,price,quantity,usd\n"
                              + "2025-02-03T02:14:00Z,Binance,ETHUSDT,ETH,long,2630.5,9731.99,25600000\n"
                              + "2025-02-03T08:41:00Z,Bybit,BTCUSDT,BTC,long,92110,120.5,11099255\n";
        const string market = "date,total_market_cap_usd,traders_liquidated\n2025-02-02,3420000000000,\n2025-02-03,3180000000000,700600\n";
        await File.WriteAllTextAsync(Path.Combine(folder, "candles.csv"), candles.ToString(), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(folder, "liquidations.csv"), liquidations.ToString(), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(folder, "liquidation_orders.csv"), orders, cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(folder, "market.csv"), market, cancellationToken);
        const string catalysts = "time,title,category,summary,url\n"
                                 + "2025-02-01T22:00:00Z,United States announces tariffs on Canada Mexico and China,macro,Import tariffs of 25 % on Canada and Mexico and 10 % on China take effect on 4 February.,https://example.org/tariffs\n"
                                 + "2025-02-03T14:30:00Z,Tariffs on Mexico paused for a month,macro,The tariffs on Mexico are delayed by 30 days after talks.,https://example.org/pause\n";
        var derivatives = new StringBuilder("time,asset,open_interest_usd,funding_rate\n");
        for (var day = -8; day <= 1; day++)
        {
            var time = crash.AddDays(day).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            derivatives.Append(CultureInfo.InvariantCulture, $"{time},BTC,{62e9 * (1 + 0.018 * (day + 8)) * (day >= 1 ? 0.88 : 1):F0},{0.0001 + 0.00002 * (day + 8):F6}\n");
        }

        await File.WriteAllTextAsync(Path.Combine(folder, "catalysts.csv"), catalysts, cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(folder, "derivatives.csv"), derivatives.ToString(), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(folder, "dataset.json"), "{\"source\": \"bench\", \"description\": \"synthetic cascade\", \"sample\": false}", cancellationToken);
    }
}
