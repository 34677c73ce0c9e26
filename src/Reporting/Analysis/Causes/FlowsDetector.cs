using ReportForge.Reporting.Templates;

namespace ReportForge.Reporting.Analysis.Causes;

/// <summary>Fund flows (ETF outflows and the like) reported in or just before the window, from catalysts of category "flows".</summary>
public sealed class FlowsDetector : ICauseDetector
{
    /// <summary>The catalyst category this detector reads.</summary>
    public const string Category = "flows";

    public CauseFacts? Detect(BriefFacts facts)
    {
        var flows = facts.Catalysts.Where(c => string.Equals(c.Category, Category, StringComparison.OrdinalIgnoreCase)).ToList();
        if (flows.Count == 0)
        {
            return null;
        }

        var evidence = string.Join("; ", flows.Select(c => $"{c.Title} ({BriefFormat.Date(c.Time)})"));
        return new CauseFacts("flows", "Fund flows", evidence, Math.Clamp(0.4 + (0.1 * flows.Count(c => c.InWindow)), 0, 0.7));
    }
}
