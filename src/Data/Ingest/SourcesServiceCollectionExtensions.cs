using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ReportForge.Data.Runs;
using ReportForge.Data.Sources.Binance;
using ReportForge.Data.Sources.Bybit;
using ReportForge.Data.Sources.CoinGecko;
using ReportForge.Data.Sources.CoinGlass;
using ReportForge.Data.Sources.Collectors;
using ReportForge.Data.Sources.Feeds;
using ReportForge.Data.Sources.Fred;
using ReportForge.Data.Sources.Http;
using ReportForge.Data.Sources.Okx;
using ReportForge.Data.Storage;

namespace ReportForge.Data.Ingest;

/// <summary>Registers the live sources, their named HttpClients, the ingest runner and the liquidation collectors.</summary>
public static class SourcesServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates the "Sources" section (validated at start-up: a configured paid source without its key names
    /// the missing setting), one named HttpClient per source, every <see cref="IIngestSource"/>, the
    /// <see cref="IngestRunner"/> and the <see cref="CollectorSet"/>. The caller registers the <see cref="ReportForgeDatabase"/>.
    /// </summary>
    public static IServiceCollection AddReportForgeSources(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAdd(ServiceDescriptor.Singleton(typeof(ILogger<>), typeof(NullLogger<>)));
        services.AddOptions<SourcesOptions>().Bind(configuration.GetSection(SourcesOptions.Section)).PostConfigure(o => o.ApplyDefaults()).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SourcesOptions>, SourcesOptionsValidator>());

        Source(services, BinanceSource.SourceName, o => o.Binance, (sp, http, o, clock) => new BinanceSource(new BinanceClient(http, o.Binance, clock), o.Binance, clock));
        Source(services, BybitSource.SourceName, o => o.Bybit, (sp, http, o, clock) => new BybitSource(new BybitClient(http, o.Bybit, clock), o.Bybit));
        Source(services, OkxSource.SourceName, o => o.Okx, (sp, http, o, clock) => new OkxSource(sp.GetRequiredService<OkxClient>(), o.Okx));
        Source(services, CoinGlassSource.SourceName, o => o.CoinGlass, (sp, http, o, clock) => new CoinGlassSource(new CoinGlassClient(http, o.CoinGlass, clock), o.CoinGlass, clock));
        Source(services, CoinGeckoSource.SourceName, o => o.CoinGecko, (sp, http, o, clock) => new CoinGeckoSource(new CoinGeckoClient(http, o.CoinGecko), o.CoinGecko, clock));
        Source(services, FredSource.SourceName, o => o.Fred, (sp, http, o, clock) => new FredSource(new FredClient(http, o.Fred, clock)));
        Source(services, FeedSource.SourceName, o => o.Feeds, (sp, http, o, clock) => new FeedSource(new FeedClient(http), o.Feeds));

        // The OKX client is shared by the OKX source and the OKX collector (contract sizes).
        services.TryAddSingleton(sp => new OkxClient(Http(sp, OkxSource.SourceName, o => o.Okx), Options(sp).Okx, sp.GetRequiredService<TimeProvider>()));

        services.TryAddSingleton<IngestSourceCatalog>();
        services.TryAddSingleton(sp => new IngestRunner(
            sp.GetRequiredService<ReportForgeDatabase>(),
            new IngestRunStore(sp.GetRequiredService<ReportForgeDatabase>(), sp.GetRequiredService<TimeProvider>()),
            sp.GetRequiredService<TimeProvider>())
        {
            FirstRunLookback = TimeSpan.FromDays(Options(sp).FirstRunLookbackDays),
        });

        services.TryAddSingleton(sp => new LiquidationOrderSink(sp.GetRequiredService<ReportForgeDatabase>(), Options(sp).Collectors,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<LiquidationOrderSink>>()));
        services.TryAddSingleton(sp => new CollectorSet(Collectors(sp), sp.GetRequiredService<LiquidationOrderSink>()));
        return services;
    }

    private static IEnumerable<LiquidationCollector> Collectors(IServiceProvider sp)
    {
        var options = Options(sp).Collectors;
        var clock = sp.GetRequiredService<TimeProvider>();
        var sink = sp.GetRequiredService<LiquidationOrderSink>();
        if (options.Binance.Enabled)
        {
            yield return new BinanceLiquidationCollector(options, sink, clock, sp.GetRequiredService<ILogger<BinanceLiquidationCollector>>());
        }

        if (options.Bybit.Enabled)
        {
            yield return new BybitLiquidationCollector(options, sink, clock, sp.GetRequiredService<ILogger<BybitLiquidationCollector>>());
        }

        if (options.Okx.Enabled)
        {
            yield return new OkxLiquidationCollector(options, sp.GetRequiredService<OkxClient>(), sink, clock, sp.GetRequiredService<ILogger<OkxLiquidationCollector>>());
        }
    }

    private static void Source(IServiceCollection services, string name, Func<SourcesOptions, SourceClientOptions> select,
        Func<IServiceProvider, SourceHttpClient, SourcesOptions, TimeProvider, IIngestSource> create)
    {
        services.AddHttpClient(name)
            .ConfigureHttpClient((sp, client) =>
            {
                // Polly's per-attempt timeout governs; the client's own timeout would cut retries short.
                client.Timeout = Timeout.InfiniteTimeSpan;
                client.DefaultRequestHeaders.UserAgent.Clear();
                client.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", select(Options(sp)).UserAgent);
            });
        services.AddSingleton(sp => create(sp, Http(sp, name, select), Options(sp), sp.GetRequiredService<TimeProvider>()));
    }

    private static SourceHttpClient Http(IServiceProvider sp, string name, Func<SourcesOptions, SourceClientOptions> select)
    {
        var factory = sp.GetRequiredService<IHttpClientFactory>();
        return new SourceHttpClient(name, () => factory.CreateClient(name), select(Options(sp)), sp.GetRequiredService<TimeProvider>());
    }

    private static SourcesOptions Options(IServiceProvider sp) => sp.GetRequiredService<IOptions<SourcesOptions>>().Value;
}
