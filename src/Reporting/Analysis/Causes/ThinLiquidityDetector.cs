using ReportForge.Reporting.Templates;

namespace ReportForge.Reporting.Analysis.Causes;

/// <summary>A large move on a weekend or an exchange holiday, when thin order books let less selling move prices further.</summary>
public sealed class ThinLiquidityDetector : ICauseDetector
{
    public CauseFacts? Detect(BriefFacts facts)
    {
        if (!(facts.Window.IsWeekend || facts.Window.IsHoliday) || LeadingAsset.Of(facts) is not { } lead
            || lead.IntradayRangePct < AnalysisThresholds.ThinLiquidityRangePct)
        {
            return null;
        }

        var day = facts.Window.IsWeekend ? $"{facts.Window.Weekday}: weekend liquidity" : $"{facts.Window.Weekday}: US markets closed for a holiday";
        return new CauseFacts("thin-liquidity", facts.Window.IsWeekend ? "Thin weekend liquidity" : "Thin holiday liquidity",
            $"{day}, and {lead.Name} still swung {BriefFormat.Percent(lead.IntradayRangePct)} from high to low",
            Math.Clamp(0.3 + (lead.IntradayRangePct / 40), 0, 0.6));
    }
}
