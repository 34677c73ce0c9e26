using System.Text;
using ReportForge.Reporting.Rendering;

namespace ReportForge.Reporting.Tests.Rendering;

[Collection(SharedRenderer.Name)]
public sealed class PdfInfoWriterTests(RendererFixture fixture) : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static readonly PdfMetadata Unicode = new(
        "Brief — 3 février (BTC) \\ 比特币", "Desk (Research)", "Longs flushed 🚀", "a, b", "ReportForge", new DateTimeOffset(2025, 2, 3, 23, 30, 5, TimeSpan.FromHours(2)));

    [Fact]
    public async Task Update_appends_to_the_original_bytes_and_readers_see_the_new_information()
    {
        var original = await fixture.Renderer.RenderAsync("<html><head><title>Old</title></head><body><p>Hello outline</p></body></html>", CancellationToken.None);

        var updated = PdfInfoWriter.WithInfo(original, Unicode);

        Assert.Equal(original, updated.AsSpan(0, original.Length).ToArray());
        var path = _temp.File("updated.pdf");
        await File.WriteAllBytesAsync(path, updated);
        var info = await PopplerTools.InfoAsync(path);
        Assert.Equal("Brief — 3 février (BTC) \\ 比特币", info["Title"]);
        Assert.Equal("Desk (Research)", info["Author"]);
        Assert.Equal("Longs flushed 🚀", info["Subject"]);
        // pdfinfo prints a whole-hour offset as "+02".
        Assert.Equal("2025-02-03T23:30:05+02", info["CreationDate"]);
        Assert.Equal("1", info["Pages"]);
        Assert.Contains("Hello outline", await PopplerTools.PageTextAsync(path, 1), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Second_update_chains_to_the_first()
    {
        var original = await fixture.Renderer.RenderAsync("<html><body><p>Twice</p></body></html>", CancellationToken.None);

        var twice = PdfInfoWriter.WithInfo(PdfInfoWriter.WithInfo(original, Unicode), Unicode with { Title = "Second" });

        var path = _temp.File("twice.pdf");
        await File.WriteAllBytesAsync(path, twice);
        var info = await PopplerTools.InfoAsync(path);
        Assert.Equal("Second", info["Title"]);
        Assert.DoesNotContain("Syntax", await PopplerTools.RunAsync("pdfinfo", path), StringComparison.Ordinal);
        var text = Encoding.Latin1.GetString(twice);
        Assert.Equal(3, text.Split("startxref").Length - 1);
        // Each xref offset points at the object it names.
        var lastXref = int.Parse(text[(text.LastIndexOf("startxref", StringComparison.Ordinal) + 10)..].Split('\n')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.StartsWith("xref", text[lastXref..], StringComparison.Ordinal);
        var entry = text[lastXref..].Split('\n')[2];
        Assert.Equal(19, entry.Length);
        var objectOffset = int.Parse(entry[..10], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Matches(@"^\d+ 0 obj", text[objectOffset..]);
    }

    [Fact]
    public void Bytes_that_are_not_a_pdf_are_refused()
    {
        var error = Assert.Throws<FormatException>(() => PdfInfoWriter.WithInfo(Encoding.ASCII.GetBytes("not a pdf"), Unicode));
        Assert.Contains("startxref", error.Message, StringComparison.Ordinal);
    }
}
