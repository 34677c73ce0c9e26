namespace ReportForge.Reporting.Analysis;

/// <summary>The asset a brief leads with: Bitcoin when its prices are in, else the first tracked asset that is.</summary>
public static class LeadingAsset
{
    public static PriceFacts? Of(BriefFacts facts) =>
        facts.Prices.FirstOrDefault(p => p.Asset == "BTC") ?? (facts.Prices.Count > 0 ? facts.Prices[0] : null);
}
