namespace ReportForge.Data.Market;

/// <summary>Market-wide figures of one UTC day; either figure may be unknown.</summary>
public sealed record MarketDay(DateOnly Date, double? TotalMarketCapUsd, long? TradersLiquidated, string Source);
