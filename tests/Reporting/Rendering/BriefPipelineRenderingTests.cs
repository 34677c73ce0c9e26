using ReportForge.Bench.Rendering;
using ReportForge.Data.Archive;
using ReportForge.Data.Import;
using ReportForge.Data.Runs;
using ReportForge.Data.Storage;
using ReportForge.Reporting.Analysis;
using ReportForge.Reporting.Briefs;
using ReportForge.Reporting.Templates;

namespace ReportForge.Reporting.Tests.Rendering;

/// <summary>Data → facts → HTML → PDF through the real pipeline on a real SQLite file.</summary>
[Collection(SharedRenderer.Name)]
public sealed class BriefPipelineRenderingTests(RendererFixture fixture) : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Brief_from_stored_data_has_charts_metadata_and_renders_again_from_its_archived_facts()
    {
        var dataDir = Path.Combine(_temp.Path, "data");
        Directory.CreateDirectory(dataDir);
        await SyntheticDataset.WriteAsync(Path.Combine(_temp.Path, "dataset"), CancellationToken.None);
        var database = ReportForgeDatabase.InDataDirectory(dataDir);
        await new SchemaMigrator(database, TimeProvider.System).MigrateAsync(CancellationToken.None);
        Assert.True((await new DatasetImporter(database, new IngestRunStore(database, TimeProvider.System)).ImportAsync(Path.Combine(_temp.Path, "dataset"), CancellationToken.None)).Succeeded);
        var analyzer = new BriefAnalyzer(database, TimeProvider.System, BriefAnalyzer.DefaultDetectors(), BriefAnalyzer.DefaultAssets);
        var engine = BriefTemplateEngine.Compile(TemplateSet.BuiltIn());
        var archive = new ReportArchive(database, Path.Combine(dataDir, "briefs"));
        var pipeline = new BriefPipeline(analyzer, engine, fixture.Renderer, archive, new BrandOptions("Northwind Research"), TimeProvider.System);

        var result = await pipeline.RunAsync(new BriefRequest(BriefWindow.ForDate(SyntheticDataset.Day, TimeZoneInfo.Utc)), CancellationToken.None);

        var charts = Assert.IsType<Reporting.Charts.ChartFacts>(result.Facts.Charts);
        Assert.Equal(["BTC", "ETH"], charts.Prices.Select(p => p.Asset));
        Assert.All(charts.Prices, p => Assert.Equal(96, p.Points.Count));
        var btc = result.Facts.Prices.Single(p => p.Asset == "BTC");
        Assert.Equal(btc.Low, charts.Prices[0].WindowLow);
        var info = await PopplerTools.InfoAsync(result.PdfPath);
        Assert.Equal("Northwind Research market brief, 3 February 2025", info["Title"]);
        Assert.Equal("Northwind Research", info["Author"]);
        Assert.InRange(int.Parse(info["Pages"], System.Globalization.CultureInfo.InvariantCulture), 2, 4);
        var text = string.Join("\n", await PopplerTools.PagesTextAsync(result.PdfPath));
        Assert.Contains("Figure 1.", text, StringComparison.Ordinal);
        Assert.Contains("Figure 2.", text, StringComparison.Ordinal);
        Assert.Contains($"Low {BriefFormat.Price(btc.Low)} at {btc.LowTime:HH:mm}", text, StringComparison.Ordinal);

        // The archive keeps the facts with their chart series: rendering them again gives the same text.
        var archived = Assert.IsType<ArchivedReport>(await archive.FindAsync(result.Id, CancellationToken.None));
        var again = Path.Combine(_temp.Path, "again.pdf");
        await File.WriteAllBytesAsync(again, await fixture.Renderer.RenderAsync(engine.Render(BriefModel.FromJson(archived.FactsJson!, new BrandOptions("Northwind Research"))), CancellationToken.None));
        Assert.Equal(text, string.Join("\n", await PopplerTools.PagesTextAsync(again)));
    }

    [Fact]
    public async Task Brand_colours_and_logo_are_inlined_and_invalid_ones_refused()
    {
        var logo = _temp.File("logo.png");
        await File.WriteAllBytesAsync(logo, new GrayImage(60, 20, Enumerable.Repeat((byte)0, 1200).ToArray()).ToPng());
        var brand = await new BrandOptions("Northwind Research") { PrimaryColour = "#7a1f2b", LogoPath = logo }.WithLogoInlinedAsync(CancellationToken.None);

        var html = await FixtureBrief.HtmlAsync(brand: brand);
        var pdf = await FixtureBrief.RenderToFileAsync(fixture.Renderer, _temp.Path, brand: brand);
        var plain = await FixtureBrief.RenderToFileAsync(fixture.Renderer, _temp.Path);

        Assert.Contains("--primary: #7a1f2b;", html, StringComparison.Ordinal);
        Assert.Contains("<img class=\"logo\" src=\"data:image/png;base64,", html, StringComparison.Ordinal);
        Assert.Contains("NORTHWIND RESEARCH", await PopplerTools.PageTextAsync(pdf, 1), StringComparison.Ordinal);
        var branded = await PopplerTools.RasterAsync(pdf, 1, 50, _temp.Path);
        var unbranded = await PopplerTools.RasterAsync(plain, 1, 50, _temp.Path);
        Assert.True(branded.DifferingShare(unbranded, 32) > 0.001, "the brand's logo and colours did not change page 1");

        var error = Assert.Throws<InvalidBrandException>(() => new BrandOptions { PrimaryColour = "red; } body { display:none", LogoPath = _temp.File("missing.png") }.EnsureValid());
        Assert.Contains("Brand:PrimaryColour", error.Message, StringComparison.Ordinal);
        Assert.Contains("missing.png' does not exist", error.Message, StringComparison.Ordinal);
    }
}
