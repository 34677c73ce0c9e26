using ReportForge.Reporting.Templates;

namespace ReportForge.Reporting.Analysis.Causes;

/// <summary>A long squeeze (longs dominate while price falls) or a short squeeze (shorts dominate while price rises).</summary>
public sealed class SqueezeDetector : ICauseDetector
{
    /// <summary>The side must hold at least this share of the total to count as a squeeze.</summary>
    public const double DominantShare = AnalysisThresholds.SqueezeShare;

    public CauseFacts? Detect(BriefFacts facts)
    {
        if (facts.Liquidations is not { } liq)
        {
            return null;
        }

        var lead = LeadingAsset.Of(facts);
        var longSide = liq.LongShare >= DominantShare;
        var shortSide = liq.ShortShare >= DominantShare;
        if (!longSide && !shortSide)
        {
            return null;
        }

        // The price must have moved the way that hurts the dominant side (at the close or intraday), else it is no squeeze.
        if (lead is not null && ((longSide && lead.ChangePct >= 0 && lead.Low >= lead.Open) || (shortSide && lead.ChangePct <= 0 && lead.High <= lead.Open)))
        {
            return null;
        }

        var share = longSide ? liq.LongShare : liq.ShortShare;
        var move = lead is null ? ""
            : longSide
                ? lead.ChangePct < 0
                    ? $" while {lead.Name} fell {BriefFormat.Percent(lead.ChangePct)}"
                    : $" as {lead.Name} dropped to {BriefFormat.Price(lead.Low)} before recovering"
                : lead.ChangePct > 0
                    ? $" while {lead.Name} rose {BriefFormat.Percent(lead.ChangePct)}"
                    : $" as {lead.Name} spiked to {BriefFormat.Price(lead.High)} before easing";
        var strength = Math.Clamp(((share - 0.5) * 1.6) + (lead is null ? 0 : Math.Min(Math.Abs(lead.ChangePct), 10) / 50), 0, 1);
        return longSide
            ? new CauseFacts("long-squeeze", "Long squeeze",
                $"longs were {BriefFormat.Share(share)} of the {BriefFormat.Money(liq.Total)} liquidated{move}", strength)
            : new CauseFacts("short-squeeze", "Short squeeze",
                $"shorts were {BriefFormat.Share(share)} of the {BriefFormat.Money(liq.Total)} liquidated{move}", strength);
    }
}
