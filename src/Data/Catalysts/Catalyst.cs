namespace ReportForge.Data.Catalysts;

/// <summary>A dated piece of news that may explain a move.</summary>
public sealed record Catalyst(DateTimeOffset Time, string Title, string Category, string Summary, string Url, string Source);
