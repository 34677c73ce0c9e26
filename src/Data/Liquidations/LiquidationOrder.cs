namespace ReportForge.Data.Liquidations;

/// <summary>One forced order as an exchange reported it, normalised to long/short and USD.</summary>
public sealed record LiquidationOrder(
    DateTimeOffset Time,
    string Exchange,
    string Symbol,
    string Asset,
    LiquidationSide Side,
    double Price,
    double Quantity,
    double Usd,
    string Source);
