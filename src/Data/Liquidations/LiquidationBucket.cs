using ReportForge.Data.Candles;

namespace ReportForge.Data.Liquidations;

/// <summary>Liquidated USD of one asset, exchange and side over one bucket (an hour or a day).</summary>
/// <remarks>
/// Orders is the number of forced orders in the bucket where the source counts them; Tracked is true when
/// the figure is a lower bound from the free streams rather than a market-wide aggregate.
/// </remarks>
public sealed record LiquidationBucket(
    DateTimeOffset Time,
    CandleInterval Interval,
    string Asset,
    string Exchange,
    LiquidationSide Side,
    double Usd,
    long? Orders,
    string Source,
    bool Tracked = false);
