namespace ReportForge.Reporting.Tests.Rendering;

[Collection(SharedRenderer.Name)]
public sealed class BriefLayoutTests(RendererFixture fixture)
{
    [Fact]
    public async Task Dump()
    {
        var folder = "/tmp/rf-dump";
        Directory.CreateDirectory(folder);
        var path = await FixtureBrief.RenderToFileAsync(fixture.Renderer, folder);
        File.Copy(path, Path.Combine(folder, "brief.pdf"), true);
        await File.WriteAllTextAsync(Path.Combine(folder, "brief.html"), await FixtureBrief.HtmlAsync());
    }
}
