namespace ReportForge.Reporting.Analysis.Causes;

/// <summary>Looks for one kind of cause in a window's facts; fires only when its evidence is in the data.</summary>
public interface ICauseDetector
{
    /// <summary>The cause with its evidence and strength, or null when the data does not show it.</summary>
    CauseFacts? Detect(BriefFacts facts);
}
