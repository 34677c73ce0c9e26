namespace ReportForge.Reporting.Charts;

/// <summary>The part of the liquidation facts the liquidation charts read: long and short per asset and per exchange.</summary>
/// <remarks>Its own shape, read from the facts' JSON by name, so the charts do not change when the analysis adds fields.</remarks>
public sealed record LiquidationSlices
{
    public IReadOnlyList<LiquidationSlice> ByAsset { get; init; } = [];

    public IReadOnlyList<LiquidationSlice> ByExchange { get; init; } = [];
}

/// <summary>Long and short liquidations of one asset or one exchange.</summary>
public sealed record LiquidationSlice
{
    public string? Asset { get; init; }

    public string? Exchange { get; init; }

    public double Long { get; init; }

    public double Short { get; init; }

    public string Label => Asset ?? Exchange ?? "";

    public double Total => Long + Short;
}
