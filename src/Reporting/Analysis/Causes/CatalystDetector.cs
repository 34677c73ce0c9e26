using ReportForge.Reporting.Templates;

namespace ReportForge.Reporting.Analysis.Causes;

/// <summary>News dated in or just before the window (other than fund flows), strongest when in the window itself.</summary>
public sealed class CatalystDetector : ICauseDetector
{
    public CauseFacts? Detect(BriefFacts facts)
    {
        var news = facts.Catalysts.Where(c => !string.Equals(c.Category, FlowsDetector.Category, StringComparison.OrdinalIgnoreCase)).ToList();
        if (news.Count == 0)
        {
            return null;
        }

        var evidence = string.Join("; ", news.Select(c => $"{c.Title} ({BriefFormat.Date(c.Time)})"));
        var inWindow = news.Count(c => c.InWindow);
        return new CauseFacts("catalysts", "News in and before the window", evidence, Math.Clamp(0.4 + (0.15 * inWindow) + (0.05 * (news.Count - inWindow)), 0, 0.9));
    }
}
