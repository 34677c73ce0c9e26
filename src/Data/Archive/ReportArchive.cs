using Dapper;
using ReportForge.Data.Storage;

namespace ReportForge.Data.Archive;

/// <summary>One archived brief: its window, the facts and template version it was built from, and its PDF.</summary>
public sealed record ArchivedReport(
    string Id,
    DateTimeOffset CreatedAt,
    DateTimeOffset WindowStart,
    DateTimeOffset WindowEnd,
    string TimeZone,
    string TemplateSet,
    string TemplateVersion,
    string Status,
    string Headline,
    string? FactsJson,
    string? PdfPath,
    string? Error);

/// <summary>Reads and writes the reports table, and owns where archived PDFs live.</summary>
/// <remarks>
/// A PDF's path is stored relative to the briefs folder, so nodes sharing one database and one briefs
/// folder (mounted wherever each likes) all find every brief. Absolute paths stored before are read as they are.
/// </remarks>
public sealed class ReportArchive(ReportForgeDatabase database, string briefsDirectory)
{
    /// <summary>Folder of the archived PDFs.</summary>
    public string BriefsDirectory { get; } = Path.GetFullPath(briefsDirectory);

    /// <summary>Where the PDF of a brief is archived: briefs/yyyy/MM/&lt;window date&gt;-&lt;id&gt;.pdf.</summary>
    public string PdfPathFor(string id, DateOnly windowDate) =>
        Path.Combine(BriefsDirectory, windowDate.ToString("yyyy", System.Globalization.CultureInfo.InvariantCulture),
            windowDate.ToString("MM", System.Globalization.CultureInfo.InvariantCulture),
            $"{windowDate:yyyy-MM-dd}-{id}.pdf");

    /// <summary>Stores a finished brief in one statement, so a failed run never leaves a half row.</summary>
    public async Task SaveAsync(ArchivedReport report, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO reports (id, created_at, window_start, window_end, time_zone, template_set, template_version,
                                 status, headline, facts_json, pdf_path, error)
            VALUES (@Id, @CreatedAt, @WindowStart, @WindowEnd, @TimeZone, @TemplateSet, @TemplateVersion,
                    @Status, @Headline, @FactsJson, @PdfPath, @Error)
            ON CONFLICT (id) DO UPDATE SET status = excluded.status, headline = excluded.headline,
                facts_json = excluded.facts_json, pdf_path = excluded.pdf_path, error = excluded.error,
                template_version = excluded.template_version
            """,
            new
            {
                report.Id,
                CreatedAt = report.CreatedAt.ToUnixTimeMilliseconds(),
                WindowStart = report.WindowStart.ToUnixTimeMilliseconds(),
                WindowEnd = report.WindowEnd.ToUnixTimeMilliseconds(),
                report.TimeZone,
                report.TemplateSet,
                report.TemplateVersion,
                report.Status,
                report.Headline,
                report.FactsJson,
                PdfPath = report.PdfPath is null ? null : Relative(report.PdfPath),
                report.Error,
            }, cancellationToken: cancellationToken));
    }

    /// <summary>One archived brief by id, or null.</summary>
    public async Task<ArchivedReport?> FindAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(SelectSql + " WHERE id = @id", new { id }, cancellationToken: cancellationToken));
        return row is null ? null : ToReport(row);
    }

    /// <summary>Archived briefs whose window starts in [from, to), newest first.</summary>
    public async Task<IReadOnlyList<ArchivedReport>> ListAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            SelectSql + " WHERE window_start >= @from AND window_start < @to ORDER BY window_start DESC, created_at DESC",
            new { from = from.ToUnixTimeMilliseconds(), to = to.ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken));
        return rows.Select(ToReport).ToList();
    }

    /// <summary>The most recently made briefs, newest first (the dashboard's archive page).</summary>
    public async Task<IReadOnlyList<ArchivedReport>> RecentAsync(int limit, int offset, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            SelectSql + " ORDER BY created_at DESC, id DESC LIMIT @limit OFFSET @offset",
            new { limit, offset }, cancellationToken: cancellationToken));
        return rows.Select(ToReport).ToList();
    }

    private string Relative(string pdfPath)
    {
        var relative = Path.GetRelativePath(BriefsDirectory, Path.GetFullPath(pdfPath));
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? pdfPath : relative.Replace('\\', '/');
    }

    private ArchivedReport ToReport(Row row) => row.ToReport(row.PdfPath is null ? null : Path.Combine(BriefsDirectory, row.PdfPath));

    private const string SelectSql =
        """
        SELECT id AS Id, created_at AS CreatedAt, window_start AS WindowStart, window_end AS WindowEnd, time_zone AS TimeZone,
               template_set AS TemplateSet, template_version AS TemplateVersion, status AS Status, headline AS Headline,
               facts_json AS FactsJson, pdf_path AS PdfPath, error AS Error
        FROM reports
        """;

    private sealed record Row
    {
        public string Id { get; init; } = "";
        public long CreatedAt { get; init; }
        public long WindowStart { get; init; }
        public long WindowEnd { get; init; }
        public string TimeZone { get; init; } = "";
        public string TemplateSet { get; init; } = "";
        public string TemplateVersion { get; init; } = "";
        public string Status { get; init; } = "";
        public string Headline { get; init; } = "";
        public string? FactsJson { get; init; }
        public string? PdfPath { get; init; }
        public string? Error { get; init; }

        public ArchivedReport ToReport(string? pdfPath) => new(Id, DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt),
            DateTimeOffset.FromUnixTimeMilliseconds(WindowStart), DateTimeOffset.FromUnixTimeMilliseconds(WindowEnd),
            TimeZone, TemplateSet, TemplateVersion, Status, Headline, FactsJson, pdfPath, Error);

    }
}
