using ReportForge.Reporting.Rendering;
using ReportForge.Reporting.Templates;

namespace ReportForge.Reporting.Tests.Rendering;

/// <summary>One warm renderer shared by the rendering tests, as a running service shares one.</summary>
public sealed class RendererFixture : IAsyncLifetime
{
    public PdfRenderer Renderer { get; private set; } = null!;

    public async Task InitializeAsync() => Renderer = await PdfRenderer.StartAsync(new PdfOptions { PoolSize = 2 }, CancellationToken.None);

    public async Task DisposeAsync() => await Renderer.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class SharedRenderer : ICollectionFixture<RendererFixture>
{
    public const string Name = "renderer";
}

/// <summary>The fixed brief the layout tests print: stored facts and the narrative partials of Fixtures/templates over the built-in layout.</summary>
internal static class FixtureBrief
{
    public static string Folder => Path.Combine(RepositoryPaths.Root, "tests", "Reporting", "Rendering", "Fixtures");

    public static string FactsJson => File.ReadAllText(Path.Combine(Folder, "facts-2025-02-03.json"));

    public static async Task<BriefTemplateEngine> EngineAsync() =>
        BriefTemplateEngine.Compile(await TemplateSet.WithOverridesAsync(Path.Combine(Folder, "templates"), CancellationToken.None));

    public static PdfMetadata Metadata { get; } = new(
        "ReportForge market brief, 3 February 2025", "ReportForge research desk", "2025-02-03 · $2.03 billion liquidated",
        "crypto, liquidations, BTC, ETH", "ReportForge", new DateTimeOffset(2025, 2, 4, 6, 0, 0, TimeSpan.Zero));

    public static async Task<string> HtmlAsync(string? factsJson = null, BrandOptions? brand = null) =>
        (await EngineAsync()).Render(BriefModel.FromJson(factsJson ?? FactsJson, brand ?? new BrandOptions()));

    public static async Task<string> RenderToFileAsync(PdfRenderer renderer, string folder, string? factsJson = null, BrandOptions? brand = null)
    {
        var pdf = await renderer.RenderAsync(await HtmlAsync(factsJson, brand), Metadata, CancellationToken.None);
        var path = Path.Combine(folder, "brief-" + Guid.NewGuid().ToString("N")[..8] + ".pdf");
        await File.WriteAllBytesAsync(path, pdf);
        return path;
    }
}
