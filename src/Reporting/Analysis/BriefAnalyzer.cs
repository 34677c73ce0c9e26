using Dapper;
using ReportForge.Data.Import;
using ReportForge.Data.Storage;
using ReportForge.Reporting.Analysis.Causes;
using ReportForge.Reporting.Analysis.Liquidations;
using ReportForge.Reporting.Analysis.Market;
using ReportForge.Reporting.Analysis.Prices;

namespace ReportForge.Reporting.Analysis;

/// <summary>Works out what happened in a window and why, from stored data only.</summary>
public sealed class BriefAnalyzer(ReportForgeDatabase database, TimeProvider clock, IReadOnlyList<ICauseDetector> detectors, IReadOnlyList<string> assets)
{
    /// <summary>The assets a brief follows when none are configured.</summary>
    public static readonly IReadOnlyList<string> DefaultAssets = ["BTC", "ETH", "SOL", "XRP", "DOGE"];

    /// <summary>The detectors every brief runs.</summary>
    public static IReadOnlyList<ICauseDetector> DefaultDetectors() => [new SqueezeDetector(), new CatalystDetector()];

    /// <summary>The facts of <paramref name="window"/>.</summary>
    /// <exception cref="MissingDataException">The window has no liquidations or no prices stored.</exception>
    public async Task<BriefFacts> AnalyseAsync(BriefWindow window, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var liquidations = await LiquidationAnalysis.AnalyseAsync(connection, window, cancellationToken);
        var prices = await PriceAnalysis.AnalyseAsync(connection, window, assets, cancellationToken);

        var missing = new List<string>();
        if (liquidations is null)
        {
            missing.Add("liquidations (no liquidations.csv buckets in the window)");
        }

        if (prices.Count == 0)
        {
            missing.Add($"prices (no 1h candles for {string.Join(", ", assets)} in the window)");
        }

        if (missing.Count > 0)
        {
            throw new MissingDataException(window, missing);
        }

        var sources = await SourceStore.AllAsync(connection, cancellationToken);
        var usedSources = (await connection.QueryAsync<string>(new CommandDefinition(
            """
            SELECT source FROM candles WHERE time >= @start AND time < @end
            UNION SELECT @liquidationSource
            UNION SELECT source FROM liquidation_orders WHERE time >= @start AND time < @end
            ORDER BY 1
            """,
            new { start = window.Start.ToUnixTimeMilliseconds(), end = window.End.ToUnixTimeMilliseconds(), liquidationSource = liquidations!.Source },
            cancellationToken: cancellationToken))).ToList();
        var sample = usedSources.Any(s => sources.TryGetValue(s, out var source) && source.IsSample);
        var local = window.ToLocal(window.Start);
        var facts = new BriefFacts(
            new WindowFacts(local, window.ToLocal(window.End), window.TimeZone.Id, local.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                local.DayOfWeek.ToString(), local.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday),
            liquidations,
            prices,
            await MarketAnalysis.MarketCapAsync(connection, window, cancellationToken),
            await MarketAnalysis.DerivativesAsync(connection, window, assets, cancellationToken),
            await MarketAnalysis.CatalystsAsync(connection, window, cancellationToken),
            [],
            new ProvenanceFacts(usedSources, sample,
                sample ? "Built from the bundled sample dataset: some figures are published, others filled in (see data/sample/README.md)." : null,
                clock.GetUtcNow()));

        var causes = detectors.Select(d => d.Detect(facts)).OfType<CauseFacts>().OrderByDescending(c => c.Strength).ToList();
        return facts with { Causes = causes, Charts = await Charts.ChartDataQuery.LoadAsync(connection, window, cancellationToken) };
    }
}
