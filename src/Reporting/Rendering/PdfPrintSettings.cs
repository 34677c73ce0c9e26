using System.Text.Json;

namespace ReportForge.Reporting.Rendering;

/// <summary>What Chromium's print call is asked for: the paper, backgrounds, and a tagged PDF with an outline from the headings.</summary>
internal sealed record PdfPrintSettings(double PaperWidthInches, double PaperHeightInches)
{
    /// <summary>The paper of <see cref="PdfOptions.PaperFormat"/>, in the inches Chromium's print call takes.</summary>
    public static PdfPrintSettings For(PdfOptions options) => options.PaperFormat switch
    {
        "Letter" => new PdfPrintSettings(8.5, 11),
        _ => new PdfPrintSettings(8.27, 11.7),
    };

    /// <summary>Writes the parameters of Page.printToPDF.</summary>
    public void Write(Utf8JsonWriter writer)
    {
        writer.WriteNumber("paperWidth", PaperWidthInches);
        writer.WriteNumber("paperHeight", PaperHeightInches);
        // Margins, running footer and page numbers come from the stylesheet's @page rules.
        writer.WriteNumber("marginTop", 0);
        writer.WriteNumber("marginBottom", 0);
        writer.WriteNumber("marginLeft", 0);
        writer.WriteNumber("marginRight", 0);
        writer.WriteNumber("scale", 1);
        writer.WriteBoolean("landscape", false);
        writer.WriteBoolean("displayHeaderFooter", false);
        writer.WriteBoolean("printBackground", true);
        writer.WriteBoolean("preferCSSPageSize", false);
        // Tagged: the outline is built from the tags, and screen readers read them (about a sixth of the print's CPU).
        writer.WriteBoolean("generateTaggedPDF", true);
        writer.WriteBoolean("generateDocumentOutline", true);
        writer.WriteString("transferMode", "ReturnAsBase64");
    }
}
