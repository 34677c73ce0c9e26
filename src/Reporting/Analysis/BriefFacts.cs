namespace ReportForge.Reporting.Analysis;

/// <summary>Everything a brief may state about its window, each figure from stored data; a missing figure is null.</summary>
public sealed record BriefFacts(
    WindowFacts Window,
    LiquidationFacts? Liquidations,
    IReadOnlyList<PriceFacts> Prices,
    MarketFacts? Market,
    IReadOnlyList<DerivativesFacts> Derivatives,
    IReadOnlyList<CatalystFacts> Catalysts,
    IReadOnlyList<CauseFacts> Causes,
    ProvenanceFacts Provenance)
{
    /// <summary>Open interest and funding summed and averaged over the assets that have them; null without derivatives data.</summary>
    public LeverageFacts? Leverage { get; init; }

    /// <summary>Equity indices (NDX, SPX) on the window's day, from their daily candles.</summary>
    public IReadOnlyList<EquityFacts> Equities { get; init; } = [];

    /// <summary>How bad the window was, on a fixed scale.</summary>
    public SeverityFacts? Severity { get; init; }

    /// <summary>What the data says about the sessions after the window.</summary>
    public OutlookFacts? Outlook { get; init; }

    /// <summary>The series the brief's charts are drawn from, so an archived brief redraws them exactly.</summary>
    public ReportForge.Reporting.Charts.ChartFacts? Charts { get; init; }
}

/// <summary>The window as the brief names it; times are in the brief's time zone.</summary>
public sealed record WindowFacts(DateTimeOffset Start, DateTimeOffset End, string TimeZone, string Date, string Weekday, bool IsWeekend)
{
    /// <summary>Length of the window in hours (23 or 25 on a daylight-saving day).</summary>
    public double Hours { get; init; }

    /// <summary>Chooses among a template's alternative phrasings: the same window always reads the same, consecutive days differ.</summary>
    public long Seed { get; init; }

    /// <summary>A weekday on which the equity index has no bar while it has bars around it (an exchange holiday).</summary>
    public bool IsHoliday { get; init; }
}

/// <summary>Liquidations over the window from one source.</summary>
public sealed record LiquidationFacts(
    double Total,
    double Long,
    double Short,
    double LongShare,
    double ShortShare,
    string Dominant,
    long? Traders,
    long? Orders,
    LargestOrderFacts? Largest,
    IReadOnlyList<AssetLiquidationFacts> ByAsset,
    IReadOnlyList<ExchangeLiquidationFacts> ByExchange,
    string Source,
    bool Tracked)
{
    /// <summary>The window's total against the daily totals stored before it; null when fewer than a week of history is stored.</summary>
    public LiquidationRankFacts? Rank { get; init; }
}

/// <summary>Where the window's liquidation total stands among the days stored before it.</summary>
/// <remarks>Rank: 1 = the largest of all <paramref name="Days"/> compared (the window included). LargestSince: The last earlier day with a larger total ("the largest since 10 October 2025"); null when none is larger. LargestSinceTotal: That day's total. YearRank: Rank among the days of the window's calendar year up to it ("the third-largest this year").</remarks>
public sealed record LiquidationRankFacts(
    int Rank,
    int Days,
    DateTimeOffset HistoryStart,
    bool IsLargest,
    DateTimeOffset? LargestSince,
    double? LargestSinceTotal,
    int? LargestSinceDays,
    int YearRank,
    int YearDays,
    int Year,
    double MedianDailyTotal,
    double MultipleOfMedian);

/// <summary>The largest single forced order of the window.</summary>
public sealed record LargestOrderFacts(string Exchange, string Symbol, string Asset, string Side, double Usd, double Price, DateTimeOffset Time);

/// <summary>Liquidations of one asset.</summary>
public sealed record AssetLiquidationFacts(string Asset, string Name, double Total, double Long, double Short, double Share);

/// <summary>Liquidations on one exchange.</summary>
public sealed record ExchangeLiquidationFacts(string Exchange, double Total, double Long, double Short, double Share);

/// <summary>One asset's price over the window.</summary>
/// <remarks>LowestSince is the last time before the window the price was lower; null with HistoryStart set means lowest in all stored history.</remarks>
public sealed record PriceFacts(
    string Asset,
    string Name,
    double Open,
    double Close,
    double ChangePct,
    double Low,
    DateTimeOffset LowTime,
    double High,
    DateTimeOffset HighTime,
    double IntradayRangePct,
    double? LevelBroken,
    DateTimeOffset? LowestSince,
    int? LowestSinceDays,
    DateTimeOffset HistoryStart)
{
    /// <summary>Whole weeks since the price was last lower ("its lowest in three weeks"); null under one week or without an earlier lower price.</summary>
    public int? LowestSinceWeeks { get; init; }

    /// <summary>The low is below every price stored before the window, which spans at least <see cref="AnalysisThresholds.LowestInHistoryMinDays"/> days.</summary>
    public bool LowestInHistory { get; init; }

    /// <summary>The round level the price rose through ("above $100,000"), null when none.</summary>
    public double? LevelReclaimed { get; init; }

    /// <summary>The highest price in the 30 days up to the window's end, and when.</summary>
    public double? PeriodPeak { get; init; }

    public DateTimeOffset? PeriodPeakTime { get; init; }

    /// <summary>Close against the 30-day peak, in percent (negative: below it).</summary>
    public double? DrawdownFromPeriodPeakPct { get; init; }

    /// <summary>The highest price in all stored data up to the window's end, and when.</summary>
    public double? DataPeak { get; init; }

    public DateTimeOffset? DataPeakTime { get; init; }

    /// <summary>Close against the highest stored price, in percent (negative: below it).</summary>
    public double? DrawdownFromDataPeakPct { get; init; }

    /// <summary>How far the close stands above the window's low, in percent.</summary>
    public double ReboundFromLowPct { get; init; }
}

/// <summary>Market-wide capitalisation on the window's day and the day before.</summary>
public sealed record MarketFacts(double? CapBefore, double? Cap, double? CapChangePct)
{
    /// <summary>Cap minus the day before's, in USD; null when either is missing.</summary>
    public double? CapChange { get; init; }
}

/// <summary>Open interest and funding of one asset.</summary>
public sealed record DerivativesFacts(
    string Asset,
    double? OpenInterestStart,
    double? OpenInterestEnd,
    double? OpenInterestChangePct,
    double? OpenInterestWeekBeforePct,
    double? FundingAverage,
    double? FundingMax)
{
    public string Name { get; init; } = "";

    /// <summary>"positive" (longs pay shorts), "negative" (shorts pay longs) or "flat"; null without funding data.</summary>
    public string? FundingSign { get; init; }
}

/// <summary>Open interest and funding across the tracked assets.</summary>
/// <remarks>FundingAveragePct: Average funding per 8 h over the window, in percent (0.01 = 0.01 % per 8 h). FundingMaxPct: Highest funding per 8 h in the week up to the window's end, in percent.</remarks>
public sealed record LeverageFacts(
    double? OpenInterestStart,
    double? OpenInterestEnd,
    double? OpenInterestChange,
    double? OpenInterestChangePct,
    double? OpenInterestWeekBeforePct,
    double? FundingAveragePct,
    double? FundingMaxPct,
    string? FundingSign,
    string? FundingLevel,
    IReadOnlyList<string> Assets);

/// <summary>An equity index's move on the window's day.</summary>
public sealed record EquityFacts(string Asset, string Name, DateTimeOffset Date, double Close, double ChangePct);

/// <summary>News dated in or shortly before the window.</summary>
public sealed record CatalystFacts(DateTimeOffset Time, string Title, string Category, string Summary, string Url, bool InWindow);

/// <summary>One detected cause with the evidence that supports it and its strength in [0, 1].</summary>
public sealed record CauseFacts(string Kind, string Title, string Evidence, double Strength)
{
    /// <summary>"strong", "moderate" or "weak", from the strength.</summary>
    public string StrengthLabel => Strength >= 0.66 ? "strong" : Strength >= 0.4 ? "moderate" : "weak";

    /// <summary>True for the causes that lead the story (the strongest few).</summary>
    public bool Lead { get; init; }
}

/// <summary>The window's severity: a tier from 1 (quiet) to 5 (extreme) and the reasons for it.</summary>
public sealed record SeverityFacts(int Tier, string Label, IReadOnlyList<string> Reasons);

/// <summary>The data the outlook paragraph follows.</summary>
/// <remarks>LeverageReset: Open interest fell over the window by at least the flush threshold. LeverageStillHigh: Open interest rose over the window or stayed near the week's build-up. FundingNegative: Average funding was negative: shorts paying longs, crowded bearish positioning. ClosedNearLow: The leading asset closed within 1.5 % of its low: no bounce yet. Rebounded: The leading asset closed at least 3 % above its low. BelowBrokenLevel: The leading asset closed under the round level it broke.</remarks>
public sealed record OutlookFacts(
    string Asset,
    string Name,
    bool LeverageReset,
    bool LeverageStillHigh,
    bool FundingNegative,
    bool ClosedNearLow,
    bool Rebounded,
    bool BelowBrokenLevel,
    double? WatchLevel,
    double? ReboundFromLowPct,
    string Tone);

/// <summary>Where the figures come from.</summary>
public sealed record ProvenanceFacts(IReadOnlyList<string> Sources, bool Sample, string? SampleNote, DateTimeOffset GeneratedAt);
