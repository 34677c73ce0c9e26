using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ReportForge.Data.Storage;
using ReportForge.Scheduler.Tests.Cli;
using ReportForge.Scheduler.Tests.TestSupport;

namespace ReportForge.Scheduler.Tests.Service;

/// <summary>`reportforge serve` prints briefs with the brand and paper of its settings, and refuses to start on a bad one.</summary>
public sealed class BriefSettingsTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Briefs_carry_the_configured_brand_on_the_configured_paper()
    {
        var data = Path.Combine(_folder.Path, "data");
        await TestDataset.ImportIntoAsync(ReportForgeDatabase.InDataDirectory(data), RepositoryPaths.SampleData);
        var settings = new Dictionary<string, string>
        {
            ["ReportForge__Brand__Name"] = "Northwind Research",
            ["ReportForge__Brand__Author"] = "Northwind desk",
            ["ReportForge__Pdf__PaperFormat"] = "Letter",
        };
        using var service = await ServiceProcess.StartAsync(data, settings);

        using var response = await service.Client.PostAsJsonAsync("/api/briefs", new { date = "2025-02-03", timeZone = "UTC" });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var done = await Eventually.ReturnsAsync(
            async () => await service.Client.GetFromJsonAsync<JsonElement>(response.Headers.Location!.ToString()),
            status => status.GetProperty("status").GetString() is "done" or "failed",
            TimeSpan.FromSeconds(90), "the brief to finish");
        Assert.Equal("done", done.GetProperty("status").GetString());
        var pdf = _folder.File("served.pdf");
        await File.WriteAllBytesAsync(pdf, await service.Client.GetByteArrayAsync(response.Headers.Location + "/pdf"));

        var info = await ReportForgeProcess.PdfInfoAsync(pdf);
        Assert.Contains("(letter)", info["Page size"], StringComparison.Ordinal);
        Assert.Equal("Northwind desk", info["Author"]);
        Assert.Contains("Northwind Research", await ReportForgeProcess.PdfTextAsync(pdf), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Service_does_not_start_with_a_bad_brand_or_print_setting_and_names_it()
    {
        var settings = new Dictionary<string, string>
        {
            ["ReportForge__Brand__LogoPath"] = Path.Combine(_folder.Path, "no-such-logo.png"),
            ["ReportForge__Pdf__PoolSize"] = "0",
        };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ServiceProcess.StartAsync(Path.Combine(_folder.Path, "data"), settings));

        Assert.Contains("ReportForge:Brand:LogoPath", error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
        Assert.Contains("ReportForge:Pdf:PoolSize 0 must be between 1 and 32", error.Message, StringComparison.Ordinal);
    }
}
