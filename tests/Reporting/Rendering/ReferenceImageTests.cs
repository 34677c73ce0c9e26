
namespace ReportForge.Reporting.Tests.Rendering;

/// <summary>Page 1 of the fixed brief against a reference image, so that a layout change is noticed; REPORTFORGE_UPDATE_REFERENCE=1 accepts a change on purpose.</summary>
[Collection(SharedRenderer.Name)]
public sealed class ReferenceImageTests(RendererFixture fixture) : IDisposable
{
    private const int Dpi = 50;
    // Grey levels a pixel may drift (anti-aliasing, hinting) before it counts as different.
    private const int Threshold = 64;
    // Share of differing pixels tolerated: a moved block or a new line changes far more.
    private const double Tolerance = 0.004;

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string ReferencePath => Path.Combine(RepositoryPaths.Root, "tests", "Reporting", "Rendering", "Reference", "brief-page1.png");

    [Fact]
    public async Task Page_one_matches_the_reference_image()
    {
        var pdf = await FixtureBrief.RenderToFileAsync(fixture.Renderer, _temp.Path);
        var actual = await PopplerTools.RasterAsync(pdf, 1, Dpi, _temp.Path);

        if (Environment.GetEnvironmentVariable("REPORTFORGE_UPDATE_REFERENCE") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(ReferencePath)!);
            await File.WriteAllBytesAsync(ReferencePath, actual.ToPng());
            return;
        }

        Assert.True(File.Exists(ReferencePath), $"No reference image at {ReferencePath}; create it on purpose with REPORTFORGE_UPDATE_REFERENCE=1 dotnet test tests/Reporting --filter ReferenceImageTests");
        var reference = GrayImage.ReadPng(await File.ReadAllBytesAsync(ReferencePath));
        var share = actual.DifferingShare(reference, Threshold);
        if (share > Tolerance)
        {
            var output = Path.Combine(Path.GetTempPath(), "reportforge-reference-" + Guid.NewGuid().ToString("N")[..8]);
            Directory.CreateDirectory(output);
            await File.WriteAllBytesAsync(Path.Combine(output, "actual.png"), actual.ToPng());
            await File.WriteAllBytesAsync(Path.Combine(output, "difference.png"), actual.DifferenceFrom(reference, Threshold).ToPng());
            Assert.Fail($"Page 1 differs from the reference in {share:P2} of its pixels (tolerance {Tolerance:P2}); see {output}/actual.png and difference.png. " +
                        "If the change is intended, update the reference with REPORTFORGE_UPDATE_REFERENCE=1.");
        }
    }

    [Fact]
    public void Png_written_is_read_back_pixel_for_pixel()
    {
        var pixels = Enumerable.Range(0, 37 * 23).Select(i => (byte)(i * 7 % 256)).ToArray();
        var image = new GrayImage(37, 23, pixels);

        var back = GrayImage.ReadPng(image.ToPng());

        Assert.Equal(pixels, back.Pixels);
        Assert.Equal(0, image.DifferingShare(back, 0));
    }
}
