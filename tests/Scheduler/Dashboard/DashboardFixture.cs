using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;
using ReportForge.Data.Import;
using ReportForge.Data.Runs;
using ReportForge.Data.Storage;
using ReportForge.Scheduler.Dashboard.SignIn;
using ReportForge.Scheduler.Service;
using ReportForge.Scheduler.Tests.TestSupport;

namespace ReportForge.Scheduler.Tests.Dashboard;

/// <summary>One running service for the dashboard tests (real Kestrel on 127.0.0.1, Quartz on SQLite, Chromium rendering briefs) and a headless Chromium driving it.</summary>
public sealed class DashboardFixture : IAsyncLifetime, IDisposable
{
    public const string ApiKey = "rf_dashboard_test_key_0123456789";
    public const string UserName = "desk";
    public const string Password = "correct horse battery staple";
    public const string FixedDay = "2025-02-03";

    /// <summary>A template set whose name is markup: every page must show it as text.</summary>
    public const string HostileSet = "<script>window.__pwned=1</script>";

    private readonly TempFolder _folder = new();
    private WebApplication? _app;
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public string BaseUrl { get; private set; } = "";

    public IServiceProvider Services => _app!.Services;

    public string DatasetFolder => Path.Combine(_folder.Path, "dataset");

    /// <summary>Where screenshots of the pages go: $REPORTFORGE_SCREENSHOTS, else TestResults/screenshots beside the test project.</summary>
    public static string ScreenshotFolder { get; } = Environment.GetEnvironmentVariable("REPORTFORGE_SCREENSHOTS") is { Length: > 0 } folder
        ? folder
        : Path.Combine(RepositoryPaths.Root, "tests", "Scheduler", "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        TestDataset.Write(DatasetFolder, TestDataset.RecentDays(3, DateOnly.Parse(FixedDay, CultureInfo.InvariantCulture)));
        var dataDirectory = Path.Combine(_folder.Path, "data");
        var database = ReportForgeDatabase.InDataDirectory(dataDirectory);
        await new SchemaMigrator(database, TimeProvider.System).MigrateAsync(CancellationToken.None);
        var import = await new DatasetImporter(database, new IngestRunStore(database, TimeProvider.System)).ImportAsync(DatasetFolder, CancellationToken.None);
        Assert.True(import.Succeeded, string.Join("; ", import.Files.SelectMany(f => f.Errors)));

        var hostileFolder = Path.Combine(_folder.Path, "hostile-templates", "partials");
        Directory.CreateDirectory(hostileFolder);
        await File.WriteAllTextAsync(Path.Combine(hostileFolder, "disclaimer.hbs"), "<p>Not advice.</p>\n");

        var port = FreePort.Next();
        BaseUrl = $"http://127.0.0.1:{port}";
        _app = await ServiceHost.BuildAsync([], new Dictionary<string, string?>
        {
            ["Urls"] = BaseUrl,
            ["Logging:LogLevel:Default"] = "Warning",
            ["ReportForge:DataDirectory"] = dataDirectory,
            ["ReportForge:PublicBaseUrl"] = BaseUrl,
            ["ReportForge:Api:Keys:0:Name"] = "tests",
            ["ReportForge:Api:Keys:0:Key"] = ApiKey,
            ["ReportForge:Dashboard:Users:0:Name"] = UserName,
            // Few iterations keep the tests quick; the format is what a real hash has.
            ["ReportForge:Dashboard:Users:0:PasswordHash"] = PasswordHasher.Hash(Password, 10_000),
            ["ReportForge:Scheduler:Retry:Attempts"] = "1",
            ["ReportForge:Scheduler:Retry:InitialDelay"] = "00:00:01",
            ["ReportForge:Completeness:Sources:0"] = TestDataset.Source,
            ["ReportForge:Ingest:Folders:desk"] = DatasetFolder,
            ["ReportForge:Briefs:TemplateSets:" + HostileSet] = Path.GetDirectoryName(hostileFolder),
            ["ReportForge:Delivery:MaxAttempts"] = "1",
            ["ReportForge:Delivery:PollInterval"] = "00:00:00.300",
            ["ReportForge:Delivery:WebhookTimeout"] = "00:00:02",
        }, CancellationToken.None);
        await _app.StartAsync();

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } chromium ? chromium : "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--disable-extensions"],
        });
    }

    /// <summary>A fresh browser context (its own cookies) on a page of the dashboard.</summary>
    public async Task<IPage> NewPageAsync(bool javaScript = true)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl, AcceptDownloads = true, JavaScriptEnabled = javaScript, ViewportSize = new ViewportSize { Width = 1360, Height = 900 },
        });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        return page;
    }

    /// <summary>A page signed in as the configured user.</summary>
    public async Task<IPage> SignedInPageAsync(bool javaScript = true)
    {
        var page = await NewPageAsync(javaScript);
        await page.GotoAsync("/signin");
        await page.GetByLabel("Name").FillAsync(UserName);
        await page.GetByLabel("Password or API key").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        // Commit is enough: the briefs page embeds previews whose own loading is not what sign-in is about,
        // and the locators used next wait for what they need.
        await page.WaitForURLAsync("**/briefs", new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit });
        return page;
    }

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });
    }

    public void Dispose() => _folder.Dispose();

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        _folder.Dispose();
    }
}
