using ReportForge.Data.Archive;
using ReportForge.Reporting.Analysis;
using ReportForge.Reporting.Briefs;
using ReportForge.Reporting.Templates;
using ReportForge.Scheduler.Service;

namespace ReportForge.Scheduler.Briefs;

/// <summary>Writes briefs through the pipeline with the service's one warm Chromium, and renders archived ones again.</summary>
public sealed class BriefRunner(
    BriefAnalyzer analyzer,
    TemplateCatalog templates,
    WarmPdfRenderer renderer,
    ReportArchive archive,
    BrandOptions brand,
    TimeProvider clock)
{
    /// <summary>Analyses, renders and archives the brief of <paramref name="window"/> with the version of the set in use across the cluster.</summary>
    public async Task<BriefResult> RunAsync(BriefWindow window, string templateSet, CancellationToken cancellationToken) =>
        await new BriefPipeline(analyzer, await templates.InUseAsync(templateSet, cancellationToken), renderer.Renderer, archive, brand, clock)
            .RunAsync(new BriefRequest(window), cancellationToken);

    /// <summary>The HTML of an archived brief, from its stored facts and template version.</summary>
    public async Task<string> HtmlAsync(ArchivedReport report, CancellationToken cancellationToken)
    {
        if (report.FactsJson is null)
        {
            throw new InvalidOperationException($"Brief {report.Id} has no stored facts.");
        }

        var engine = await templates.ForVersionAsync(report.TemplateVersion, cancellationToken);
        return engine.Render(BriefModel.FromJson(report.FactsJson, brand));
    }

    /// <summary>Renders an archived brief again from its facts and template version, archived as a new brief.</summary>
    public async Task<ArchivedReport> RerenderAsync(ArchivedReport source, CancellationToken cancellationToken)
    {
        var html = await HtmlAsync(source, cancellationToken);
        var pdf = await renderer.Renderer.RenderAsync(html, cancellationToken);
        var id = Guid.CreateVersion7(clock.GetUtcNow()).ToString("N");
        var localDate = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(source.WindowStart, TimeZoneInfo.FindSystemTimeZoneById(source.TimeZone)).DateTime);
        var pdfPath = archive.PdfPathFor(id, localDate);
        Directory.CreateDirectory(Path.GetDirectoryName(pdfPath)!);
        var temporary = pdfPath + ".tmp-" + Guid.NewGuid().ToString("N")[..8];
        await File.WriteAllBytesAsync(temporary, pdf, cancellationToken);
        File.Move(temporary, pdfPath, overwrite: true);
        var report = source with { Id = id, CreatedAt = clock.GetUtcNow(), PdfPath = pdfPath, Status = "done", Error = null };
        try
        {
            await archive.SaveAsync(report, cancellationToken);
        }
        catch
        {
            File.Delete(pdfPath);
            throw;
        }

        return report;
    }
}
