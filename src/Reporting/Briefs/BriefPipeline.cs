using ReportForge.Data.Archive;
using ReportForge.Reporting.Analysis;
using ReportForge.Reporting.Rendering;
using ReportForge.Reporting.Templates;

namespace ReportForge.Reporting.Briefs;

/// <summary>What to brief and where to put it; Facts, when the caller already worked them out for this window, are not analysed again.</summary>
public sealed record BriefRequest(BriefWindow Window, string? OutputPath = null, string? HtmlPath = null, BriefFacts? Facts = null);

/// <summary>A finished brief: its archive id, the PDF and the headline figures.</summary>
public sealed record BriefResult(string Id, string PdfPath, string Headline, BriefFacts Facts);

/// <summary>Data → facts → HTML → PDF → archive, for one window.</summary>
public sealed class BriefPipeline(
    BriefAnalyzer analyzer,
    BriefTemplateEngine templates,
    PdfRenderer renderer,
    ReportArchive archive,
    BrandOptions brand,
    TimeProvider clock)
{
    /// <summary>Builds, renders and archives one brief.</summary>
    /// <exception cref="MissingDataException">The window lacks data; nothing is written.</exception>
    public async Task<BriefResult> RunAsync(BriefRequest request, CancellationToken cancellationToken)
    {
        var facts = request.Facts ?? await analyzer.AnalyseAsync(request.Window, cancellationToken);
        var factsJson = BriefModel.Serialize(facts);
        var html = templates.Render(BriefModel.FromJson(factsJson, brand));
        if (request.HtmlPath is { } htmlPath)
        {
            await WriteAtomicallyAsync(htmlPath, System.Text.Encoding.UTF8.GetBytes(html), cancellationToken);
        }

        var pdf = await renderer.RenderAsync(html, PdfMetadata.For(facts, brand), cancellationToken);

        var id = Guid.CreateVersion7(clock.GetUtcNow()).ToString("N");
        var pdfPath = archive.PdfPathFor(id, request.Window.LocalDate);
        var headline = BriefHeadline.Of(facts);
        await WriteAtomicallyAsync(pdfPath, pdf, cancellationToken);
        try
        {
            await archive.SaveAsync(new ArchivedReport(
                id, clock.GetUtcNow(), request.Window.Start, request.Window.End, request.Window.TimeZone.Id,
                templates.Set.Name, templates.Set.Version, "done", headline, factsJson, pdfPath, null), cancellationToken);
        }
        catch
        {
            File.Delete(pdfPath);
            throw;
        }

        if (request.OutputPath is { } output)
        {
            await WriteAtomicallyAsync(output, pdf, cancellationToken);
        }

        return new BriefResult(id, request.OutputPath is null ? pdfPath : Path.GetFullPath(request.OutputPath), headline, facts);
    }

    // A reader never sees half a PDF: write beside the target, then rename over it.
    private static async Task WriteAtomicallyAsync(string path, byte[] content, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = full + ".tmp-" + Guid.NewGuid().ToString("N")[..8];
        await File.WriteAllBytesAsync(temporary, content, cancellationToken);
        File.Move(temporary, full, overwrite: true);
    }
}
