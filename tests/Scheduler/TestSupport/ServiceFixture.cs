using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using ReportForge.Data.Import;
using ReportForge.Data.Runs;
using ReportForge.Data.Storage;
using ReportForge.Scheduler.Api;
using ReportForge.Scheduler.Service;
using ReportForge.Scheduler.Tests.Delivery.Email;

namespace ReportForge.Scheduler.Tests.TestSupport;

/// <summary>One running service for a collection of tests: real Kestrel on 127.0.0.1, real Quartz on SQLite (or PostgreSQL), real Chromium, a real SMTP relay.</summary>
public class ServiceFixture : IAsyncLifetime, IDisposable
{
    public const string ApiKey = "rf_test_key_0123456789abcdef";
    public const string SecondKey = "rf_second_key_configured_as_hash";
    public const string FixedDay = "2025-02-03";
    public const double FlashThresholdUsd = 500_000_000;

    private readonly TempFolder _folder = new();
    private readonly StorageProvider _provider;
    private TestDatabase? _postgres;
    private WebApplication? _app;

    public ServiceFixture()
        : this(StorageProvider.Sqlite)
    {
    }

    protected ServiceFixture(StorageProvider provider) => _provider = provider;

    /// <summary>The service's database: reportforge.db in the data folder, or a database of the tests' PostgreSQL.</summary>
    public ReportForgeDatabase Database { get; private set; } = null!;

    public SmtpTestServer Smtp { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public HttpClient Anonymous { get; private set; } = null!;

    public string BaseUrl { get; private set; } = "";

    public string DataDirectory => Path.Combine(_folder.Path, "data");

    public string DatasetFolder => Path.Combine(_folder.Path, "dataset");

    public IServiceProvider Services => _app!.Services;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task InitializeAsync()
    {
        Smtp = new SmtpTestServer(Path.Combine(_folder.Path, "smtp"));
        TestDataset.Write(DatasetFolder, TestDataset.RecentDays(3, DateOnly.Parse(FixedDay, System.Globalization.CultureInfo.InvariantCulture)));
        if (_provider == StorageProvider.Postgres)
        {
            _postgres = new TestDatabase(StorageProvider.Postgres);
        }

        var database = Database = _postgres?.Database ?? ReportForgeDatabase.InDataDirectory(DataDirectory);
        await new SchemaMigrator(database, TimeProvider.System).MigrateAsync(CancellationToken.None);
        var import = await new DatasetImporter(database, new IngestRunStore(database, TimeProvider.System)).ImportAsync(DatasetFolder, CancellationToken.None);
        Assert.True(import.Succeeded, string.Join("; ", import.Files.SelectMany(f => f.Errors)));

        var port = FreePort.Next();
        BaseUrl = $"http://127.0.0.1:{port}";
        _app = await ServiceHost.BuildAsync([], Settings(port), CancellationToken.None);
        await _app.StartAsync();
        Client = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(60) };
        Client.DefaultRequestHeaders.Add(ApiKeys.Header, ApiKey);
        Anonymous = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(60) };
    }

    public void Dispose()
    {
        _postgres?.Dispose();
        _folder.Dispose();
        GC.SuppressFinalize(this);
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        Anonymous?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        Smtp?.Dispose();
        _postgres?.Dispose();
        _postgres = null;
        _folder.Dispose();
    }

    private Dictionary<string, string?> Settings(int port) => new(OfflineSources.Settings)
    {
        ["ReportForge:Storage:Provider"] = _provider == StorageProvider.Postgres ? "postgres" : "sqlite",
        // The service pools its connections, as it would in production: 200 requests at once then wait for one instead of
        // each opening its own (the test server allows 200 connections in all).
        ["ReportForge:Storage:ConnectionString"] = _postgres?.ConnectionString?.Replace("Pooling=false", "Pooling=true;Maximum Pool Size=40", StringComparison.Ordinal),
        ["Urls"] = $"http://127.0.0.1:{port}",
        ["Logging:LogLevel:Default"] = "Warning",
        ["ReportForge:DataDirectory"] = DataDirectory,
        ["ReportForge:PublicBaseUrl"] = $"http://127.0.0.1:{port}",
        ["ReportForge:Api:Keys:0:Name"] = "tests",
        ["ReportForge:Api:Keys:0:Key"] = ApiKey,
        ["ReportForge:Api:Keys:1:Name"] = "hashed",
        ["ReportForge:Api:Keys:1:Sha256"] = ApiKeys.Hash(SecondKey),
        ["ReportForge:Api:MaxBodyBytes"] = "4096",
        ["ReportForge:Scheduler:MisfireThreshold"] = "00:00:02",
        ["ReportForge:Scheduler:Retry:Attempts"] = "2",
        ["ReportForge:Scheduler:Retry:InitialDelay"] = "00:00:01",
        ["ReportForge:Scheduler:Retry:MaxDelay"] = "00:00:02",
        ["ReportForge:Completeness:Sources:0"] = TestDataset.Source,
        ["ReportForge:Briefs:QueueCapacity"] = "12",
        ["ReportForge:Briefs:Workers"] = "2",
        ["ReportForge:Briefs:ShutdownGrace"] = "00:00:10",
        ["ReportForge:Ingest:Folders:desk"] = DatasetFolder,
        ["ReportForge:Flash:Enabled"] = "true",
        ["ReportForge:Flash:ThresholdUsd"] = FlashThresholdUsd.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["ReportForge:Flash:MaxDataAge"] = "4.00:00:00",
        ["ReportForge:Flash:Cooldown"] = "01:00:00",
        ["ReportForge:Delivery:MaxAttempts"] = "4",
        ["ReportForge:Delivery:InitialDelay"] = "00:00:01",
        ["ReportForge:Delivery:MaxDelay"] = "00:00:02",
        ["ReportForge:Delivery:PollInterval"] = "00:00:00.300",
        ["ReportForge:Delivery:WebhookTimeout"] = "00:00:05",
        ["ReportForge:Delivery:Smtp:Host"] = "127.0.0.1",
        ["ReportForge:Delivery:Smtp:Port"] = Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["ReportForge:Delivery:Smtp:Username"] = SmtpTestServer.User,
        ["ReportForge:Delivery:Smtp:Password"] = SmtpTestServer.Password,
        ["ReportForge:Delivery:Smtp:TrustedCertificatePath"] = Smtp.CertificatePath,
        ["ReportForge:Delivery:Smtp:From"] = "briefs@reportforge.test",
        ["ReportForge:Delivery:Smtp:Timeout"] = "00:00:10",
    };

    /// <summary>POSTs a brief request and waits until it is done or failed.</summary>
    public async Task<JsonElement> BriefAsync(object request, TimeSpan? timeout = null)
    {
        using var response = await Client.PostAsJsonAsync("/api/briefs", request);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        return await WaitForBriefAsync(location, timeout);
    }

    public Task<JsonElement> WaitForBriefAsync(string location, TimeSpan? timeout = null) =>
        Eventually.ReturnsAsync(
            async () => await Client.GetFromJsonAsync<JsonElement>(location),
            status => status.GetProperty("status").GetString() is "done" or "failed",
            timeout ?? TimeSpan.FromSeconds(90), $"brief {location} to finish");
}

/// <summary>The same service on PostgreSQL, so that the API and delivery tests run on both engines.</summary>
public sealed class PostgresServiceFixture() : ServiceFixture(StorageProvider.Postgres);

[CollectionDefinition("service")]
public sealed class ServiceTestGroup : ICollectionFixture<ServiceFixture>;

[CollectionDefinition("service-postgres")]
public sealed class PostgresServiceTestGroup : ICollectionFixture<PostgresServiceFixture>;
