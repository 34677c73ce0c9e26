using ReportForge.Reporting.Analysis;
using ReportForge.Reporting.Briefs;
using ReportForge.Reporting.Templates;

namespace ReportForge.Reporting.Rendering;

/// <summary>The PDF's document information: title, author, subject, keywords, creator and dates.</summary>
public sealed record PdfMetadata(string Title, string Author, string Subject, string Keywords, string Creator, DateTimeOffset CreationDate)
{
    /// <summary>The metadata of a brief: dated when its facts were gathered, so an archived brief renders to the same PDF again.</summary>
    public static PdfMetadata For(BriefFacts facts, BrandOptions brand) => new(
        $"{brand.Name} market brief, {BriefFormat.Date(facts.Window.Start)}",
        brand.Author ?? brand.Name,
        BriefHeadline.Of(facts),
        "crypto, liquidations, " + string.Join(", ", facts.Prices.Select(p => p.Asset)),
        brand.Name,
        facts.Provenance.GeneratedAt);
}
