using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ReportForge.Data.Ingest;
using ReportForge.Data.Runs;
using ReportForge.Data.Storage;

namespace ReportForge.Data.Tests.Sources;

/// <summary>The clock of a scenario: a fixed "now"; timers and delays stay real (and short).</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    private readonly long _started = System.GetTimestamp();

    public DateTimeOffset Now { get; set; } = now;

    /// <summary>Let "now" advance with real time from <see cref="Now"/> (for age limits measured on this clock).</summary>
    public bool Follow { get; set; }

    public override DateTimeOffset GetUtcNow() => Follow ? Now + System.GetElapsedTime(_started) : Now;
}

/// <summary>A migrated temp database plus the sources wired exactly as the application wires them (AddReportForgeSources).</summary>
public sealed class SourceHarness : IAsyncDisposable
{
    /// <summary>"Now" in the scenarios: midday, so the day's bar and the noon hour are still forming.</summary>
    public static readonly DateTimeOffset Now = new(2025, 2, 3, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The window the scenarios ingest.</summary>
    public static readonly IngestWindow Window = new(new DateTimeOffset(2025, 1, 27, 0, 0, 0, TimeSpan.Zero), Now);

    private readonly TempFolder _folder;
    private readonly ServiceProvider _provider;

    private SourceHarness(TempFolder folder, ServiceProvider provider, ReportForgeDatabase database, FixedClock clock)
    {
        _folder = folder;
        _provider = provider;
        Database = database;
        Clock = clock;
    }

    public ReportForgeDatabase Database { get; }

    public FixedClock Clock { get; }

    public IServiceProvider Services => _provider;

    public IngestRunner Runner => _provider.GetRequiredService<IngestRunner>();

    public IngestSourceCatalog Catalog => _provider.GetRequiredService<IngestSourceCatalog>();

    /// <summary>Every source points at <paramref name="server"/>; retries and back-off are short so failures are quick.</summary>
    public static async Task<SourceHarness> CreateAsync(FixtureServer server, IDictionary<string, string?>? settings = null, DateTimeOffset? now = null)
    {
        var folder = new TempFolder();
        var clock = new FixedClock(now ?? Now);
        var database = new ReportForgeDatabase(Path.Combine(folder.Path, ReportForgeDatabase.FileName));
        await new SchemaMigrator(database, clock).MigrateAsync(CancellationToken.None);
        var baseUrl = server.BaseUrl.AbsoluteUri.TrimEnd('/');
        var config = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Sources:Binance:FuturesBaseUrl"] = baseUrl,
            ["Sources:Binance:SpotBaseUrl"] = baseUrl + "/spot",
            ["Sources:Binance:Assets:0"] = "BTC",
            ["Sources:Bybit:BaseUrl"] = baseUrl,
            ["Sources:Okx:BaseUrl"] = baseUrl,
            ["Sources:CoinGlass:BaseUrl"] = baseUrl,
            ["Sources:CoinGecko:BaseUrl"] = baseUrl + "/api/v3",
            ["Sources:Fred:BaseUrl"] = baseUrl,
        };
        foreach (var source in new[] { "Binance", "Bybit", "Okx", "CoinGlass", "CoinGecko", "Fred", "Feeds" })
        {
            config[$"Sources:{source}:MaxRetries"] = "2";
            config[$"Sources:{source}:RetryDelay"] = "00:00:00.010";
            config[$"Sources:{source}:MaxRetryDelay"] = "00:00:05";
            config[$"Sources:{source}:RequestTimeout"] = "00:00:05";
            config[$"Sources:{source}:RequestWeightLimit"] = "100000";
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            config[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(config).Build();
        var provider = new ServiceCollection()
            .AddSingleton(database)
            .AddSingleton<TimeProvider>(clock)
            .AddReportForgeSources(configuration)
            .BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();
        return new SourceHarness(folder, provider, database, clock);
    }

    public Task<IngestOutcome> RunAsync(string source, IngestWindow? window = null) =>
        Runner.RunAsync(Catalog.Find(source) ?? throw new InvalidOperationException(source), window ?? Window, null, CancellationToken.None);

    public async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object? args = null)
    {
        await using var connection = await Database.OpenAsync(CancellationToken.None);
        return (await connection.QueryAsync<T>(sql, args)).ToList();
    }

    public async Task<long> CountAsync(string table)
    {
        await using var connection = await Database.OpenAsync(CancellationToken.None);
        return await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}");
    }

    public async Task<IReadOnlyList<IngestRun>> RunsAsync() =>
        await new IngestRunStore(Database, Clock).RecentAsync(100, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }
}
