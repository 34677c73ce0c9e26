using Microsoft.Extensions.Options;
using ReportForge.Data.Sources.Binance;
using ReportForge.Data.Sources.Bybit;
using ReportForge.Data.Sources.CoinGecko;
using ReportForge.Data.Sources.CoinGlass;
using ReportForge.Data.Sources.Collectors;
using ReportForge.Data.Sources.Feeds;
using ReportForge.Data.Sources.Fred;
using ReportForge.Data.Sources.Http;
using ReportForge.Data.Sources.Okx;

namespace ReportForge.Data.Ingest;

/// <summary>The "Sources" configuration section: every live source and the collectors.</summary>
public sealed class SourcesOptions
{
    public const string Section = "Sources";

    public BinanceOptions Binance { get; set; } = new();
    public BybitOptions Bybit { get; set; } = new();
    public OkxOptions Okx { get; set; } = new();
    public CoinGlassOptions CoinGlass { get; set; } = new();
    public CoinGeckoOptions CoinGecko { get; set; } = new();
    public FredOptions Fred { get; set; } = new();
    public FeedOptions Feeds { get; set; } = new();
    public CollectorOptions Collectors { get; set; } = new();

    /// <summary>How many days a source that never ran fetches when no window is given.</summary>
    public int FirstRunLookbackDays { get; set; } = 30;

    /// <summary>The assets a brief covers by default.</summary>
    public static readonly string[] DefaultAssets = ["BTC", "ETH", "SOL", "XRP", "DOGE"];

    /// <summary>Fills the lists left empty after binding (the binder appends to pre-filled arrays, so defaults cannot live in initialisers).</summary>
    public void ApplyDefaults()
    {
        if (Binance.Assets.Length == 0)
        {
            Binance.Assets = [.. DefaultAssets];
        }

        if (CoinGlass.Assets.Length == 0)
        {
            CoinGlass.Assets = [.. DefaultAssets];
        }

        if (CoinGlass.Exchanges.Length == 0)
        {
            CoinGlass.Exchanges = ["Binance", "OKX", "Bybit"];
        }

        if (Collectors.Bybit.Symbols.Length == 0)
        {
            Collectors.Bybit.Symbols = DefaultAssets.Select(a => a + "USDT").ToArray();
        }
    }
}

/// <summary>Checks the Sources section at start-up; every message names the setting to fix.</summary>
public sealed class SourcesOptionsValidator : IValidateOptions<SourcesOptions>
{
    public ValidateOptionsResult Validate(string? name, SourcesOptions options)
    {
        var errors = new List<string>();
        Http("Binance", options.Binance, errors, options.Binance.FuturesBaseUrl, options.Binance.SpotBaseUrl);
        Http("Bybit", options.Bybit, errors, options.Bybit.BaseUrl);
        Http("Okx", options.Okx, errors, options.Okx.BaseUrl);
        Http("CoinGlass", options.CoinGlass, errors, options.CoinGlass.BaseUrl);
        Http("CoinGecko", options.CoinGecko, errors, options.CoinGecko.BaseUrl);
        Http("Fred", options.Fred, errors, options.Fred.BaseUrl);
        Http("Feeds", options.Feeds, errors);

        if (options.CoinGlass.Enabled && string.IsNullOrWhiteSpace(options.CoinGlass.ApiKey))
        {
            errors.Add("Sources:CoinGlass:ApiKey is required because Sources:CoinGlass:Enabled is true: set it in appsettings.json or as REPORTFORGE_Sources__CoinGlass__ApiKey, or disable the source.");
        }

        if (options.CoinGlass.Interval is not ("1h" or "1d"))
        {
            errors.Add($"Sources:CoinGlass:Interval '{options.CoinGlass.Interval}' must be 1h or 1d.");
        }

        if (options.CoinGecko.Pro && string.IsNullOrWhiteSpace(options.CoinGecko.ApiKey))
        {
            errors.Add("Sources:CoinGecko:ApiKey is required because Sources:CoinGecko:Pro is true.");
        }

        if (options.Binance.Enabled)
        {
            try
            {
                BinanceSource.PeriodLength(options.Binance.OpenInterestPeriod);
            }
            catch (InvalidOperationException e)
            {
                errors.Add(e.Message);
            }
        }

        if (options.Fred.Enabled && FredOptions.AssetOf(options.Fred.Series) is null)
        {
            errors.Add($"Sources:Fred:Series '{options.Fred.Series}' must be NASDAQ100 or SP500.");
        }

        // Each asset's candles come from one market source; two would overwrite each other's bars.
        var markets = new (string Name, bool Enabled, string[] Assets)[]
        {
            ("Binance", options.Binance.Enabled, options.Binance.Assets),
            ("Bybit", options.Bybit.Enabled, options.Bybit.Assets),
            ("Okx", options.Okx.Enabled, options.Okx.Assets),
        };
        foreach (var clash in markets.Where(m => m.Enabled).SelectMany(m => m.Assets.Select(a => (Asset: a.ToUpperInvariant(), m.Name)))
                     .GroupBy(x => x.Asset).Where(g => g.Count() > 1))
        {
            errors.Add($"Asset {clash.Key} is configured in {string.Join(" and ", clash.Select(c => $"Sources:{c.Name}:Assets"))}; give each asset one market source.");
        }

        for (var i = 0; i < options.Feeds.Feeds.Length; i++)
        {
            var feed = options.Feeds.Feeds[i];
            if (feed.Url is not { IsAbsoluteUri: true } url || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            {
                errors.Add($"Sources:Feeds:Feeds:{i}:Url must be an absolute http(s) address.");
            }

            if (feed.Category.Length == 0 || !feed.Category.All(c => c is (>= 'a' and <= 'z') or '-'))
            {
                errors.Add($"Sources:Feeds:Feeds:{i}:Category '{feed.Category}' must be one lower-case word such as macro, regulation, flows or news.");
            }
        }

        var c = options.Collectors;
        if (c.Enabled)
        {
            foreach (var (stream, settings) in new[] { ("Binance", c.Binance), ("Bybit", c.Bybit), ("Okx", c.Okx) })
            {
                if (settings.Enabled && settings.Url is not { IsAbsoluteUri: true, Scheme: "ws" or "wss" })
                {
                    errors.Add($"Sources:Collectors:{stream}:Url must be an absolute ws:// or wss:// address.");
                }
            }

            if (c.BatchSize <= 0 || c.FlushInterval <= TimeSpan.Zero || c.ReconnectDelay <= TimeSpan.Zero || c.MaxConnectionAge <= TimeSpan.Zero || c.PingInterval <= TimeSpan.Zero)
            {
                errors.Add("Sources:Collectors: BatchSize, FlushInterval, ReconnectDelay, MaxConnectionAge and PingInterval must be above zero.");
            }
        }

        if (options.FirstRunLookbackDays <= 0)
        {
            errors.Add("Sources:FirstRunLookbackDays must be above zero.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Http(string name, SourceClientOptions options, List<string> errors, params Uri?[] urls)
    {
        if (!options.Enabled)
        {
            return;
        }

        if (urls.Any(u => u is not { IsAbsoluteUri: true } || (u.Scheme != Uri.UriSchemeHttp && u.Scheme != Uri.UriSchemeHttps)))
        {
            errors.Add($"Sources:{name}: every *BaseUrl must be an absolute http(s) address.");
        }

        if (options.RequestTimeout <= TimeSpan.Zero || options.RequestTimeout > TimeSpan.FromDays(1))
        {
            errors.Add($"Sources:{name}:RequestTimeout must be above zero and at most a day.");
        }

        if (options.MaxRetries < 0 || options.RetryDelay < TimeSpan.Zero || options.RetryDelay > TimeSpan.FromDays(1) || options.MaxRetryDelay < options.RetryDelay)
        {
            errors.Add($"Sources:{name}: MaxRetries must be ≥ 0 and RetryDelay ≤ MaxRetryDelay.");
        }

        if (options.RequestWeightLimit <= 0 || options.RequestWeightWindow <= TimeSpan.Zero)
        {
            errors.Add($"Sources:{name}: RequestWeightLimit and RequestWeightWindow must be above zero.");
        }
    }
}
