using Dapper;
using ReportForge.Data.Import;
using ReportForge.Data.Storage;
using ReportForge.Reporting.Analysis.Causes;
using ReportForge.Reporting.Analysis.Liquidations;
using ReportForge.Reporting.Analysis.Market;
using ReportForge.Reporting.Analysis.Outlook;
using ReportForge.Reporting.Analysis.Prices;
using ReportForge.Reporting.Analysis.Severity;

namespace ReportForge.Reporting.Analysis;

/// <summary>Works out what happened in a window and why, from stored data only.</summary>
public sealed class BriefAnalyzer(ReportForgeDatabase database, TimeProvider clock, IReadOnlyList<ICauseDetector> detectors, IReadOnlyList<string> assets)
{
    /// <summary>The assets a brief follows when none are configured.</summary>
    public static readonly IReadOnlyList<string> DefaultAssets = ["BTC", "ETH", "SOL", "XRP", "DOGE"];

    /// <summary>The equity indices whose daily candles show a cross-asset risk-off day.</summary>
    public static readonly IReadOnlyList<string> EquityIndices = ["NDX", "SPX"];

    private readonly LiquidationHistory _history = new();

    /// <summary>The detectors every brief runs, one per cause.</summary>
    public static IReadOnlyList<ICauseDetector> DefaultDetectors() =>
    [
        new SqueezeDetector(),
        new LeverageBuildUpDetector(),
        new LeverageFlushDetector(),
        new ThinLiquidityDetector(),
        new TechnicalBreakdownDetector(),
        new RiskOffDetector(),
        new FlowsDetector(),
        new CatalystDetector(),
    ];

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
        var usedSources = (await connection.QueryAsync<string>(new CommandDefinition(SqlDialect.For(connection,
            """
            SELECT source FROM candles WHERE asset IN @assets AND interval = '1h' AND time >= @start AND time < @end
            UNION SELECT @liquidationSource
            UNION SELECT source FROM liquidation_orders WHERE time >= @start AND time < @end
            ORDER BY 1
            """),
            new { assets, start = window.Start.ToUnixTimeMilliseconds(), end = window.End.ToUnixTimeMilliseconds(), liquidationSource = liquidations!.Source },
            cancellationToken: cancellationToken))).ToList();
        liquidations = liquidations with
        {
            Rank = await _history.RankAsync(connection, window, liquidations.Source, liquidations.Total, cancellationToken),
        };
        var (derivatives, leverage) = await MarketAnalysis.DerivativesAsync(connection, window, assets, cancellationToken);
        var (equities, holiday) = await MarketAnalysis.EquitiesAsync(connection, window, EquityIndices, cancellationToken);
        var sample = usedSources.Any(s => sources.TryGetValue(s, out var source) && source.IsSample);
        var local = window.ToLocal(window.Start);
        var facts = new BriefFacts(
            new WindowFacts(local, window.ToLocal(window.End), window.TimeZone.Id, local.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                local.DayOfWeek.ToString(), local.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
            {
                Hours = (window.End - window.Start).TotalHours,
                Seed = window.LocalDate.DayNumber,
                IsHoliday = holiday,
            },
            liquidations,
            prices,
            await MarketAnalysis.MarketCapAsync(connection, window, cancellationToken),
            derivatives,
            await MarketAnalysis.CatalystsAsync(connection, window, cancellationToken),
            [],
            new ProvenanceFacts(usedSources, sample,
                sample ? "Built from the bundled sample dataset: some figures are published, others filled in (see data/sample/README.md)." : null,
                clock.GetUtcNow()))
        {
            Leverage = leverage,
            Equities = equities,
        };

        // Ties keep the detectors' order, so the same data always tells the story the same way.
        var causes = detectors.Select(d => d.Detect(facts)).OfType<CauseFacts>()
            .Select((c, i) => (Cause: c, Order: i))
            .OrderByDescending(c => c.Cause.Strength).ThenBy(c => c.Order)
            .Select((c, rank) => c.Cause with { Lead = rank < AnalysisThresholds.LeadCauses })
            .ToList();
        facts = facts with { Causes = causes };
        return facts with
        {
            Severity = SeverityScale.Of(facts),
            Outlook = OutlookReading.Of(facts),
            Charts = await Charts.ChartDataQuery.LoadAsync(connection, window, cancellationToken),
        };
    }
}
