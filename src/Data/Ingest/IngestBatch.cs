using ReportForge.Data.Candles;
using ReportForge.Data.Catalysts;
using ReportForge.Data.Derivatives;
using ReportForge.Data.Liquidations;
using ReportForge.Data.Market;
using ReportForge.Data.Sources.CoinGecko;
using ReportForge.Data.Sources.CoinGlass;

namespace ReportForge.Data.Ingest;

/// <summary>Rows from one page of a source, stored together in one transaction or not at all.</summary>
public sealed record IngestBatch
{
    public IReadOnlyList<Candle> Candles { get; init; } = [];
    public IReadOnlyList<LiquidationBucket> LiquidationBuckets { get; init; } = [];
    public IReadOnlyList<LiquidationOrder> LiquidationOrders { get; init; } = [];
    public IReadOnlyList<DerivativesPoint> Derivatives { get; init; } = [];
    public IReadOnlyList<MarketDay> MarketDays { get; init; } = [];
    public IReadOnlyList<Catalyst> Catalysts { get; init; } = [];
    public IReadOnlyList<CoinMarketDay> CoinMarketDays { get; init; } = [];
    public IReadOnlyList<LiquidationSnapshot> LiquidationSnapshots { get; init; } = [];
}
