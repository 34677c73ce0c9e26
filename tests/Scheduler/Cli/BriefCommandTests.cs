using System.Globalization;
using System.Text.RegularExpressions;

namespace ReportForge.Scheduler.Tests.Cli;

/// <summary>The sample dataset imported once into a data folder shared by the brief tests.</summary>
public sealed class SampleDataFolder : IAsyncLifetime, IDisposable
{
    private readonly TempFolder _folder = new();

    public string DataDir => _folder.File("data");

    public ReportForgeProcess.Result Import { get; private set; } = new(-1, "", "");

    public async Task InitializeAsync() => Import = await ReportForgeProcess.RunAsync("import", RepositoryPaths.SampleData, "--data-dir", DataDir);

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _folder.Dispose();
}

public sealed partial class BriefCommandTests(SampleDataFolder sample) : IClassFixture<SampleDataFolder>
{
    [Fact]
    public void Import_of_the_sample_prints_what_it_stored_per_file()
    {
        Assert.True(sample.Import.ExitCode == 0, sample.Import.Error);
        foreach (var file in new[] { "candles.csv", "liquidations.csv", "liquidation_orders.csv", "market.csv", "derivatives.csv", "catalysts.csv" })
        {
            Assert.Matches(new Regex(Regex.Escape(file) + @"\s+stored\s+[\d,]+\s+[\d,]+"), sample.Import.Output);
        }
    }

    [Fact]
    public async Task Brief_of_3_February_2025_states_the_published_figures_in_its_pdf()
    {
        var pdf = Path.Combine(DataDirFor(), "out", "brief-2025-02-03.pdf");

        var run = await ReportForgeProcess.RunAsync("brief", "--date", "2025-02-03", "--data-dir", sample.DataDir, "--out", pdf);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains(pdf, run.Output, StringComparison.Ordinal);
        Assert.Contains("$2.03 billion", run.Output, StringComparison.Ordinal);
        var text = Normalise(await ReportForgeProcess.PdfTextAsync(pdf));
        foreach (var expected in new[] { "$2.03 billion", "$1.77 billion", "$270 million", "700,600", "Binance", "ETHUSDT", "$25.6 million", "below $92,000" })
        {
            Assert.Contains(expected, text, StringComparison.Ordinal);
        }

        Assert.Contains("sample dataset", text, StringComparison.Ordinal);
        Assert.True(File.ReadAllBytes(pdf).AsSpan(0, 5).SequenceEqual("%PDF-"u8));
    }

    [Fact]
    public async Task Brief_takes_its_brand_and_paper_from_the_settings()
    {
        var folder = DataDirFor();
        var logo = Path.Combine(folder, "logo.png");
        Directory.CreateDirectory(folder);
        await File.WriteAllBytesAsync(logo, Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="));
        var pdf = Path.Combine(folder, "branded.pdf");
        var settings = new Dictionary<string, string>
        {
            ["ReportForge__Brand__Name"] = "Northwind Research",
            ["ReportForge__Brand__PrimaryColour"] = "#0b6e4f",
            ["ReportForge__Brand__LogoPath"] = logo,
            ["ReportForge__Pdf__PaperFormat"] = "Letter",
        };

        var run = await ReportForgeProcess.RunAsync(settings, "brief", "--date", "2025-02-03", "--data-dir", sample.DataDir, "--out", pdf);

        Assert.True(run.ExitCode == 0, run.Error);
        var info = await ReportForgeProcess.PdfInfoAsync(pdf);
        Assert.Contains("(letter)", info["Page size"], StringComparison.Ordinal);
        Assert.Equal("Northwind Research", info["Author"]);
        Assert.Contains("Northwind Research", Normalise(await ReportForgeProcess.PdfTextAsync(pdf)), StringComparison.Ordinal);
        Assert.Contains(await ReportForgeProcess.PdfImagesAsync(pdf), line => line.TrimStart().StartsWith("1 ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Brief_refuses_a_bad_setting_naming_it_and_writes_no_pdf()
    {
        var pdf = Path.Combine(DataDirFor(), "never.pdf");
        var settings = new Dictionary<string, string> { ["ReportForge__Brand__PrimaryColour"] = "green", ["ReportForge__Pdf__PaperFormat"] = "A3" };

        var run = await ReportForgeProcess.RunAsync(settings, "brief", "--date", "2025-02-03", "--data-dir", sample.DataDir, "--out", pdf);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("ReportForge:Brand:PrimaryColour 'green' is not a colour", run.Error, StringComparison.Ordinal);
        Assert.Contains("ReportForge:Pdf:PaperFormat 'A3' is not supported", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(pdf));
    }

    [Fact]
    public async Task Brief_is_archived_in_the_data_folder_with_its_headline()
    {
        var run = await ReportForgeProcess.RunAsync("brief", "--date", "2025-01-27", "--data-dir", sample.DataDir);

        Assert.True(run.ExitCode == 0, run.Error);
        var archived = run.Output.Split('\n')[0].Trim();
        Assert.StartsWith(Path.Combine(sample.DataDir, "briefs", "2025", "01"), archived, StringComparison.Ordinal);
        Assert.True(File.Exists(archived));
        Assert.Contains("$881 million", Normalise(await ReportForgeProcess.PdfTextAsync(archived)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Brief_fails_naming_the_missing_data_and_writes_no_pdf_when_the_window_has_no_data()
    {
        var dataDir = DataDirFor();
        var pdf = Path.Combine(dataDir, "none.pdf");
        await ReportForgeProcess.RunAsync("import", RepositoryPaths.SampleData, "--data-dir", dataDir);

        var run = await ReportForgeProcess.RunAsync("brief", "--date", "2031-03-01", "--data-dir", dataDir, "--out", pdf);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("missing liquidations", run.Error, StringComparison.Ordinal);
        Assert.Contains("1h candles", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(pdf));
        Assert.False(Directory.Exists(Path.Combine(dataDir, "briefs")) && Directory.EnumerateFiles(Path.Combine(dataDir, "briefs"), "*", SearchOption.AllDirectories).Any());
    }

    [Fact]
    public async Task Brief_rejects_a_malformed_date_with_the_expected_format()
    {
        var run = await ReportForgeProcess.RunAsync("brief", "--date", "03/02/2025", "--data-dir", DataDirFor());

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("2025-02-03", run.Error, StringComparison.Ordinal);
    }

    // pdftotext keeps the PDF's non-breaking spaces and may break lines inside a sentence.
    private static string Normalise(string text) => WhitespaceRun().Replace(text.Replace('\u00A0', ' '), " ");

    private string DataDirFor() => Path.Combine(Path.GetDirectoryName(sample.DataDir)!, "run-" + Guid.NewGuid().ToString("N")[..8]);

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespaceRun();
}
