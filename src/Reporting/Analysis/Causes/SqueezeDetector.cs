using ReportForge.Reporting.Templates;

namespace ReportForge.Reporting.Analysis.Causes;

/// <summary>A long squeeze (longs dominate while price falls) or a short squeeze (shorts dominate while price rises).</summary>
public sealed class SqueezeDetector : ICauseDetector
{
    /// <summary>The side must hold at least this share of the total to count as a squeeze.</summary>
    public const double DominantShare = 0.65;

    public CauseFacts? Detect(BriefFacts facts)
    {
        if (facts.Liquidations is not { } liq)
        {
            return null;
        }

        var btc = facts.Prices.FirstOrDefault(p => p.Asset == "BTC") ?? (facts.Prices.Count > 0 ? facts.Prices[0] : null);
        var longSide = liq.LongShare >= DominantShare;
        var shortSide = liq.ShortShare >= DominantShare;
        if (!longSide && !shortSide)
        {
            return null;
        }

        // The price must have moved the way that hurts the dominant side, else it is no squeeze.
        if (btc is not null && ((longSide && btc.ChangePct >= 0 && btc.Low >= btc.Open) || (shortSide && btc.ChangePct <= 0 && btc.High <= btc.Open)))
        {
            return null;
        }

        var share = longSide ? liq.LongShare : liq.ShortShare;
        var move = btc is null ? "" : $"; {btc.Name} moved {BriefFormat.SignedPercent(btc.ChangePct)} over the window";
        return longSide
            ? new CauseFacts("long-squeeze", "Long squeeze",
                $"longs were {BriefFormat.Share(share)} of the {BriefFormat.Money(liq.Total)} liquidated{move}", Strength(share))
            : new CauseFacts("short-squeeze", "Short squeeze",
                $"shorts were {BriefFormat.Share(share)} of the {BriefFormat.Money(liq.Total)} liquidated{move}", Strength(share));
    }

    private static double Strength(double share) => Math.Clamp((share - 0.5) * 2, 0, 1);
}
