using ReportForge.Reporting.Analysis;
using ReportForge.Reporting.Templates;

namespace ReportForge.Reporting.Briefs;

/// <summary>The one line of headline figures printed after a brief and stored in the archive.</summary>
public static class BriefHeadline
{
    public static string Of(BriefFacts facts)
    {
        var parts = new List<string> { facts.Window.Date };
        if (facts.Liquidations is { } liq)
        {
            parts.Add($"{BriefFormat.Money(liq.Total)} liquidated{(liq.Tracked ? " (tracked)" : "")} (longs {BriefFormat.Money(liq.Long)}, shorts {BriefFormat.Money(liq.Short)})");
            if (liq.Traders is { } traders)
            {
                parts.Add($"{BriefFormat.Count(traders)} traders");
            }

            if (liq.Largest is { } largest)
            {
                parts.Add($"largest {largest.Exchange} {largest.Symbol} {BriefFormat.Money(largest.Usd)}");
            }
        }

        parts.AddRange(facts.Prices.Where(p => p.Asset is "BTC" or "ETH").Select(p => $"{p.Asset} {BriefFormat.SignedPercent(p.ChangePct)}"));
        return string.Join(" · ", parts);
    }
}
