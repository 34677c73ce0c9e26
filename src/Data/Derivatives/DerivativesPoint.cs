namespace ReportForge.Data.Derivatives;

/// <summary>Open interest (USD) and funding (fraction per 8 h) of one asset at one time; either may be unknown.</summary>
public sealed record DerivativesPoint(DateTimeOffset Time, string Asset, double? OpenInterestUsd, double? FundingRate, string Source);
