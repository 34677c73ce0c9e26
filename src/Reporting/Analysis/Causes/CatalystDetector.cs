using ReportForge.Reporting.Templates;

namespace ReportForge.Reporting.Analysis.Causes;

/// <summary>News dated in or just before the window, strongest when in the window itself.</summary>
public sealed class CatalystDetector : ICauseDetector
{
    public CauseFacts? Detect(BriefFacts facts)
    {
        if (facts.Catalysts.Count == 0)
        {
            return null;
        }

        var evidence = string.Join("; ", facts.Catalysts.Select(c => $"{c.Title} ({BriefFormat.Date(c.Time)})"));
        var inWindow = facts.Catalysts.Count(c => c.InWindow);
        return new CauseFacts("catalysts", "News in and before the window", evidence, Math.Clamp(0.4 + (0.15 * inWindow), 0, 0.9));
    }
}
