using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ReportForge.Data.Ingest;
using ReportForge.Data.Sources;

namespace ReportForge.Data.Tests.Sources;

public sealed class SourcesOptionsTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings) =>
        new ServiceCollection()
            .AddReportForgeSources(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();

    [Fact]
    public void Startup_fails_naming_the_setting_when_a_paid_source_has_no_key()
    {
        using var provider = Build(new() { ["Sources:CoinGlass:Enabled"] = "true" });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(error.Failures, f => f.Contains("Sources:CoinGlass:ApiKey", StringComparison.Ordinal));
    }

    [Fact]
    public void Startup_fails_when_one_asset_is_given_two_market_sources()
    {
        using var provider = Build(new() { ["Sources:Bybit:Enabled"] = "true", ["Sources:Bybit:Assets:0"] = "ETH" });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(error.Failures, f => f.Contains("Sources:Binance:Assets and Sources:Bybit:Assets", StringComparison.Ordinal));
    }

    [Fact]
    public void Defaults_enable_only_free_sources_and_a_configured_list_replaces_the_default_assets()
    {
        using var defaults = Build([]);
        using var configured = Build(new() { ["Sources:Binance:Assets:0"] = "BTC" });

        defaults.GetRequiredService<IStartupValidator>().Validate();
        var catalog = defaults.GetRequiredService<IngestSourceCatalog>();
        Assert.Equal(["binance", "coingecko", "fred"], catalog.Enabled.Select(s => s.Name));
        Assert.Equal(["BTC", "ETH", "SOL", "XRP", "DOGE"], defaults.GetRequiredService<IOptions<SourcesOptions>>().Value.Binance.Assets);
        Assert.Equal(["BTC"], configured.GetRequiredService<IOptions<SourcesOptions>>().Value.Binance.Assets);
    }

    [Fact]
    public void Funding_paid_every_4_hours_counts_twice_per_8_hours()
    {
        var start = new DateTimeOffset(2025, 2, 3, 0, 0, 0, TimeSpan.Zero);
        var rates = MarketRows.PerEightHours([(start, 0.0001), (start.AddHours(4), 0.0002), (start.AddHours(8), 0.0001)]);

        Assert.Equal([0.0002, 0.0004, 0.0002], rates.Select(r => Math.Round(r.RatePer8h, 10)));
    }
}
