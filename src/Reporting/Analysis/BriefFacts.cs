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
    ProvenanceFacts Provenance,
    Charts.ChartFacts? Charts = null);

/// <summary>The window as the brief names it; times are in the brief's time zone.</summary>
public sealed record WindowFacts(DateTimeOffset Start, DateTimeOffset End, string TimeZone, string Date, string Weekday, bool IsWeekend);

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
    bool Tracked);

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
    DateTimeOffset HistoryStart);

/// <summary>Market-wide capitalisation on the window's day and the day before.</summary>
public sealed record MarketFacts(double? CapBefore, double? Cap, double? CapChangePct);

/// <summary>Open interest and funding of one asset.</summary>
public sealed record DerivativesFacts(
    string Asset,
    double? OpenInterestStart,
    double? OpenInterestEnd,
    double? OpenInterestChangePct,
    double? OpenInterestWeekBeforePct,
    double? FundingAverage,
    double? FundingMax);

/// <summary>News dated in or shortly before the window.</summary>
public sealed record CatalystFacts(DateTimeOffset Time, string Title, string Category, string Summary, string Url, bool InWindow);

/// <summary>One detected cause with the evidence that supports it and its strength in [0, 1].</summary>
public sealed record CauseFacts(string Kind, string Title, string Evidence, double Strength);

/// <summary>Where the figures come from.</summary>
public sealed record ProvenanceFacts(IReadOnlyList<string> Sources, bool Sample, string? SampleNote, DateTimeOffset GeneratedAt);
