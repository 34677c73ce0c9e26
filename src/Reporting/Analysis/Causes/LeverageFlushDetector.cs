using ReportForge.Reporting.Templates;

namespace ReportForge.Reporting.Analysis.Causes;

/// <summary>Leverage flushed out in the window: open interest fell as positions were closed by force.</summary>
public sealed class LeverageFlushDetector : ICauseDetector
{
    public CauseFacts? Detect(BriefFacts facts)
    {
        if (facts.Leverage is not { OpenInterestChangePct: { } change, OpenInterestChange: { } usd } || change > AnalysisThresholds.FlushPct)
        {
            return null;
        }

        return new CauseFacts("leverage-flush", "Leverage flushed out",
            $"open interest fell {BriefFormat.Percent(change)} ({BriefFormat.Money(Math.Abs(usd))}) over the window",
            Math.Clamp(0.3 + (Math.Min(-change, 25) / 40), 0, 0.9));
    }
}
