using ReportForge.Reporting.Templates;

namespace ReportForge.Reporting.Analysis.Causes;

/// <summary>Leverage built up before the window: open interest rising through the week before, or funding running hot.</summary>
public sealed class LeverageBuildUpDetector : ICauseDetector
{
    public CauseFacts? Detect(BriefFacts facts)
    {
        if (facts.Leverage is not { } leverage)
        {
            return null;
        }

        var evidence = new List<string>();
        var strength = 0.0;
        if (leverage.OpenInterestWeekBeforePct is { } week && week >= AnalysisThresholds.BuildUpPct)
        {
            evidence.Add($"open interest had risen {BriefFormat.Percent(week)} in the week before");
            strength += 0.3 + Math.Min(week, 30) / 50;
        }

        if (leverage.FundingMaxPct is { } funding && funding >= AnalysisThresholds.HighFundingPct)
        {
            evidence.Add($"funding reached {BriefFormat.Rate(funding)} per 8 hours, longs paying to stay in");
            strength += 0.2 + Math.Min(funding, 0.1);
        }

        return evidence.Count == 0
            ? null
            : new CauseFacts("leverage-build-up", "Leverage built up beforehand", string.Join("; ", evidence), Math.Clamp(strength, 0, 0.85));
    }
}
