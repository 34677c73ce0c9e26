using ReportForge.Reporting.Templates;
using ReportForge.Reporting.Tests.Fixtures;

namespace ReportForge.Reporting.Tests.Analysis;

public sealed class ShortSqueezeWindowTests
{
    private static readonly DateOnly SqueezeDay = new(2025, 3, 12);

    [Fact]
    public async Task Window_built_short_dominated_with_prices_rising_reads_as_a_short_squeeze_and_never_a_long_squeeze()
    {
        var writer = new DatasetWriter();
        var price = 80_000.0;
        for (var day = SqueezeDay.AddDays(-9); day <= SqueezeDay; day = day.AddDays(1))
        {
            var midnight = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            var squeeze = day == SqueezeDay;
            var step = squeeze ? 1.0025 : 1.0002; // +6.2 % over the squeeze day, flat before it.
            for (var hour = 0; hour < 24; hour++)
            {
                var next = price * step;
                writer.Candle("BTC", "1h", midnight.AddHours(hour), price, next * 1.001, price * 0.999, next, 1e9);
                writer.Candle("ETH", "1h", midnight.AddHours(hour), price / 40, next / 40 * 1.001, price / 40 * 0.999, next / 40, 4e8);
                price = next;
            }

            foreach (var exchange in new[] { "Binance", "Bybit" })
            {
                writer.Liquidation(midnight.AddHours(12), "1h", "BTC", exchange, "short", squeeze ? 170_000_000m : 30_000_000m, null);
                writer.Liquidation(midnight.AddHours(12), "1h", "BTC", exchange, "long", squeeze ? 30_000_000m : 35_000_000m, null);
            }
        }

        writer.Order(SqueezeDay.ToDateTime(new TimeOnly(12, 0), DateTimeKind.Utc), "Bybit", "BTCUSDT", "BTC", "short", 84_000, 4_200_000);
        using var fixture = await FixtureDatabase.CreateAsync(writer);

        var facts = await fixture.FactsAsync(SqueezeDay);
        var text = BriefText.Of(MarketDatabase.Templates.Render(BriefModel.From(facts, new BrandOptions())));

        Assert.Equal("short", facts.Liquidations!.Dominant);
        Assert.Equal("short-squeeze", facts.Causes[0].Kind);
        Assert.DoesNotContain(facts.Causes, c => c.Kind == "long-squeeze");
        Assert.Contains("a short squeeze", text, StringComparison.Ordinal);
        Assert.Contains("shorts were 85 % of the $400 million liquidated while Bitcoin rose 6.2 %", text, StringComparison.Ordinal);
        Assert.DoesNotContain("long squeeze", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("longs are flushed", text, StringComparison.OrdinalIgnoreCase);
    }
}
