using ReportForge.Reporting.Templates;

namespace ReportForge.Reporting.Analysis.Causes;

/// <summary>A cross-asset risk-off day: an equity index fell the same day while crypto fell.</summary>
public sealed class RiskOffDetector : ICauseDetector
{
    public CauseFacts? Detect(BriefFacts facts)
    {
        var falls = facts.Equities.Where(e => e.ChangePct <= AnalysisThresholds.RiskOffPct).OrderBy(e => e.ChangePct).ToList();
        if (falls.Count == 0 || LeadingAsset.Of(facts) is not { } lead || (lead.ChangePct >= 0 && lead.Low >= lead.Open * 0.97))
        {
            return null;
        }

        var evidence = string.Join("; ", falls.Select(e => $"{e.Name} fell {BriefFormat.Percent(e.ChangePct)} the same day"));
        return new CauseFacts("risk-off", "Cross-asset risk-off", evidence, Math.Clamp(0.4 + (Math.Abs(falls[0].ChangePct) / 10), 0, 0.85));
    }
}
