using ReportForge.Reporting.Templates;

namespace ReportForge.Reporting.Analysis.Causes;

/// <summary>Prices broke through a round level or a recent low, where stop orders cluster.</summary>
public sealed class TechnicalBreakdownDetector : ICauseDetector
{
    public CauseFacts? Detect(BriefFacts facts)
    {
        var broken = facts.Prices
            .Where(p => p.LevelBroken is not null && (p.LowestInHistory || p.LowestSinceDays >= AnalysisThresholds.LowestSinceMinDays))
            .Take(3)
            .ToList();
        if (broken.Count == 0)
        {
            return null;
        }

        var evidence = broken.Select(p =>
            $"{p.Name} fell below {BriefFormat.Price(p.LevelBroken!.Value)}, " +
            (p.LowestInHistory ? "its lowest in the stored history" : $"its lowest since {BriefFormat.Date(p.LowestSince!.Value)}"));
        return new CauseFacts("technical-breakdown", "Technical breakdown", string.Join("; ", evidence),
            Math.Clamp(0.35 + (0.12 * broken.Count), 0, 0.75));
    }
}
