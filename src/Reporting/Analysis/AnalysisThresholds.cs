namespace ReportForge.Reporting.Analysis;

/// <summary>The lines the analysis draws: what counts as a squeeze, a flush, a break, a risk-off day.</summary>
public static class AnalysisThresholds
{
    /// <summary>A side holding this share of the total makes the window a squeeze of that side.</summary>
    public const double SqueezeShare = 0.65;

    /// <summary>Open interest rising this much (percent) in the week before the window is a build-up.</summary>
    public const double BuildUpPct = 5;

    /// <summary>Open interest falling this much (percent) over the window is a flush.</summary>
    public const double FlushPct = -3;

    /// <summary>Funding per 8 h (percent) at or above which longs are crowded.</summary>
    public const double HighFundingPct = 0.03;

    /// <summary>An equity index falling this much (percent) on the window's day is a risk-off day.</summary>
    public const double RiskOffPct = -1;

    /// <summary>A "lowest since" older than this many days is worth stating.</summary>
    public const int LowestSinceMinDays = 14;

    /// <summary>"Lowest in the stored history" needs at least this much history before the window.</summary>
    public const int LowestInHistoryMinDays = 30;

    /// <summary>A liquidation rank needs at least this many days of history before the window.</summary>
    public const int RankMinDays = 7;

    /// <summary>A weekend or holiday move counts when the leading asset's high-to-low range reaches this (percent).</summary>
    public const double ThinLiquidityRangePct = 4;

    /// <summary>The number of causes that lead the story.</summary>
    public const int LeadCauses = 3;
}
