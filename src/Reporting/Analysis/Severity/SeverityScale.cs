using ReportForge.Reporting.Templates;

namespace ReportForge.Reporting.Analysis.Severity;

/// <summary>Grades a window from 1 (quiet) to 5 (extreme) by its liquidation total, raised a step by a record or an outsized price swing.</summary>
public static class SeverityScale
{
    private static readonly string[] Labels = ["", "quiet", "moderate", "heavy", "severe", "extreme"];

    /// <summary>The tier of <paramref name="facts"/>, or null without liquidations.</summary>
    public static SeverityFacts? Of(BriefFacts facts)
    {
        if (facts.Liquidations is not { } liq)
        {
            return null;
        }

        var reasons = new List<string> { $"{BriefFormat.Money(liq.Total)} liquidated{(liq.Tracked ? " (tracked, a lower bound)" : "")}" };
        var tier = liq.Total switch
        {
            >= 5e9 => 5,
            >= 1e9 => 4,
            >= 300e6 => 3,
            >= 100e6 => 2,
            _ => 1,
        };
        var raised = false;
        if (liq.Rank is { IsLargest: true, Days: >= 90 } rank)
        {
            reasons.Add($"the largest of {BriefFormat.Count(rank.Days)} days stored");
            raised = true;
        }
        else if (liq.Rank is { MultipleOfMedian: >= 5 } multiple)
        {
            reasons.Add($"{multiple.MultipleOfMedian.ToString("F1", BriefFormat.Culture)} times the 30-day median");
            raised = true;
        }

        if (LeadingAsset.Of(facts) is { IntradayRangePct: >= 10 } lead)
        {
            reasons.Add($"{lead.Name} swung {BriefFormat.Percent(lead.IntradayRangePct)} from high to low");
            raised = true;
        }

        tier = Math.Min(5, tier + (raised ? 1 : 0));
        return new SeverityFacts(tier, Labels[tier], reasons);
    }
}
