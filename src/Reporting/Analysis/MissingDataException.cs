namespace ReportForge.Reporting.Analysis;

/// <summary>The window lacks the data a brief needs; lists what is missing so it can be imported or ingested.</summary>
public sealed class MissingDataException(BriefWindow window, IReadOnlyList<string> missing)
    : Exception($"No brief for {window.Start:yyyy-MM-dd HH:mm}–{window.End:yyyy-MM-dd HH:mm} UTC: missing {string.Join("; ", missing)}. " +
                "Import a dataset (reportforge import <folder>) or ingest the window (reportforge ingest) first.")
{
    public IReadOnlyList<string> Missing { get; } = missing;
}
