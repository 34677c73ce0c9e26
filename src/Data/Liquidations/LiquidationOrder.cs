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

/// <summary>What makes two single orders the same order: the table's primary key (a time is its UTC instant).</summary>
/// <remarks>
/// A struct of its own rather than a tuple: an import looks every row's key up among the file's keys, and a tuple holding
/// strings is compared through shared generic code (a fifth of the parse time).
/// </remarks>
public readonly record struct LiquidationOrderKey(string Exchange, string Symbol, long UtcTicks, LiquidationSide Side, double Price, double Quantity);
