using Microsoft.Extensions.Options;

namespace ReportForge.Data.Ingest;

/// <summary>The ingest sources by name, and which of them the configuration enables.</summary>
public sealed class IngestSourceCatalog(IEnumerable<IIngestSource> sources, IOptions<SourcesOptions> options)
{
    public IReadOnlyList<IIngestSource> All { get; } = sources.ToList();

    /// <summary>The sources <c>ingest all</c> runs, in a fixed order.</summary>
    public IReadOnlyList<IIngestSource> Enabled => All.Where(s => IsEnabled(s.Name)).ToList();

    public IIngestSource? Find(string name) => All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));

    public bool IsEnabled(string name)
    {
        var o = options.Value;
        return name switch
        {
            "binance" => o.Binance.Enabled && o.Binance.Assets.Length > 0,
            "bybit" => o.Bybit.Enabled && o.Bybit.Assets.Length > 0,
            "okx" => o.Okx.Enabled && o.Okx.Assets.Length > 0,
            "coinglass" => o.CoinGlass.Enabled,
            "coingecko" => o.CoinGecko.Enabled,
            "fred" => o.Fred.Enabled,
            "feeds" => o.Feeds.Enabled && o.Feeds.Feeds.Length > 0,
            _ => false,
        };
    }

    /// <summary>The setting that turns a source on, for messages.</summary>
    public static string EnabledSetting(string name) => name switch
    {
        "binance" => "Sources:Binance:Enabled (and Sources:Binance:Assets)",
        "bybit" => "Sources:Bybit:Enabled and Sources:Bybit:Assets",
        "okx" => "Sources:Okx:Enabled and Sources:Okx:Assets",
        "coinglass" => "Sources:CoinGlass:Enabled and Sources:CoinGlass:ApiKey",
        "coingecko" => "Sources:CoinGecko:Enabled",
        "fred" => "Sources:Fred:Enabled",
        "feeds" => "Sources:Feeds:Enabled and Sources:Feeds:Feeds",
        _ => "Sources",
    };
}
