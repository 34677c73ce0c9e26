using System.Globalization;
using System.Text.RegularExpressions;
using ReportForge.Data.Import;
using ReportForge.Data.Runs;
using ReportForge.Data.Storage;
using ReportForge.Reporting.Analysis;
using ReportForge.Reporting.Templates;
using ReportForge.Reporting.Tests.Fixtures;
using ReportForge.Tests;

namespace ReportForge.Reporting.Tests.Analysis;

/// <summary>The bundled sample dataset (data/sample), imported once into a real SQLite file.</summary>
public class SampleDatabase : IAsyncLifetime, IDisposable
{
    private TestDatabase? _store;

    public SampleDatabase()
        : this(StorageProvider.Sqlite)
    {
    }

    protected SampleDatabase(StorageProvider provider) => Provider = provider;

    internal StorageProvider Provider { get; }

    internal ReportForgeDatabase Database { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _store = new TestDatabase(Provider);
        Database = _store.Database;
        await new SchemaMigrator(Database, FixtureDatabase.Clock).MigrateAsync(CancellationToken.None);
        var result = await new DatasetImporter(Database, new IngestRunStore(Database, FixtureDatabase.Clock)).ImportAsync(RepositoryPaths.SampleData, CancellationToken.None);
        Assert.True(result.Succeeded, string.Join("; ", result.Files.SelectMany(f => f.Errors)));
    }

    public Task DisposeAsync()
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _store?.Dispose();
        GC.SuppressFinalize(this);
    }

    internal async Task<(BriefFacts Facts, string Html)> BriefAsync(string day, string timeZone = "UTC")
    {
        var analyzer = new BriefAnalyzer(Database, FixtureDatabase.Clock, BriefAnalyzer.DefaultDetectors(), BriefAnalyzer.DefaultAssets);
        var facts = await analyzer.AnalyseAsync(
            BriefWindow.ForDate(DateOnly.Parse(day, CultureInfo.InvariantCulture), TimeZoneInfo.FindSystemTimeZoneById(timeZone)), CancellationToken.None);
        return (facts, MarketDatabase.Templates.Render(BriefModel.From(facts, new BrandOptions())));
    }
}

/// <summary>The bundled sample dataset imported once into a PostgreSQL database of the test server.</summary>
public sealed class PostgresSampleDatabase() : SampleDatabase(StorageProvider.Postgres);

public sealed class SampleDatasetSqliteTests(SampleDatabase sample) : SampleDatasetTests(sample), IClassFixture<SampleDatabase>;

/// <summary>The same replays with the data in PostgreSQL: the briefs must say the same.</summary>
public sealed class SampleDatasetPostgresTests(PostgresSampleDatabase sample, SampleDatabase sqlite)
    : SampleDatasetTests(sample), IClassFixture<PostgresSampleDatabase>, IClassFixture<SampleDatabase>
{
    [Theory]
    [InlineData("2025-01-27", "UTC")]
    [InlineData("2025-02-03", "UTC")]
    [InlineData("2025-10-10", "UTC")]
    [InlineData("2026-01-31", "UTC")]
    [InlineData("2026-02-05", "UTC")]
    [InlineData("2025-02-03", "America/New_York")]
    public async Task Brief_is_word_for_word_the_brief_from_SQLite_when_the_data_is_in_PostgreSQL(string day, string timeZone)
    {
        var fromPostgres = await sample.BriefAsync(day, timeZone);
        var fromSqlite = await sqlite.BriefAsync(day, timeZone);

        Assert.Equal(fromSqlite.Html, fromPostgres.Html);
    }
}

/// <summary>Replays the sample dataset's event windows and checks what the briefs say.</summary>
public abstract class SampleDatasetTests(SampleDatabase sample)
{
    [Fact]
    public async Task Brief_of_27_January_2025_says_longs_over_90_percent_HTX_BTC_USDT_largest_and_ETH_down_about_8_percent()
    {
        var (_, html) = await sample.BriefAsync("2025-01-27");
        var text = BriefText.Of(html);
        var sentences = BriefText.Sentences(text);

        var share = Regex.Match(text, @"Longs accounted for \$[\d.,]+ (?:million|billion) \((\d+) %\)");
        Assert.True(share.Success && int.Parse(share.Groups[1].Value, CultureInfo.InvariantCulture) > 90, text);
        var largest = Assert.Single(sentences, s => s.StartsWith("The largest single liquidation", StringComparison.Ordinal));
        Assert.Contains("HTX", largest, StringComparison.Ordinal);
        Assert.Contains("BTC-USDT", largest, StringComparison.Ordinal);
        var eth = Regex.Match(text, @"Ethereum (?:fell|dropped|slid) (\d+\.\d) %");
        Assert.True(eth.Success, text);
        Assert.InRange(double.Parse(eth.Groups[1].Value, CultureInfo.InvariantCulture), 7.5, 8.5);
        Assert.Contains("$881 million", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("DeepSeek tops the US App Store", "27 January 2025")]
    [InlineData("US announces 25% tariffs on Canada and Mexico", "2 February 2025")]
    [InlineData("Trump orders 10% tariff on Chinese imports", "1 February 2025")]
    [InlineData("El Salvador ends bitcoin's legal tender status", "2 February 2025")]
    public async Task Brief_of_3_February_2025_names_the_catalyst_with_its_date(string catalyst, string date)
    {
        var (facts, html) = await sample.BriefAsync("2025-02-03");

        Assert.Contains(date + " — " + catalyst, BriefText.Of(html), StringComparison.Ordinal);
        Assert.Contains(facts.Causes, c => c.Kind == "catalysts" && c.Evidence.Contains(catalyst, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Brief_of_3_February_2025_keeps_the_seed_figures()
    {
        var text = BriefText.Of((await sample.BriefAsync("2025-02-03")).Html);

        foreach (var expected in new[] { "$2.03 billion", "$1.77 billion", "$270 million", "700,600", "Binance", "ETHUSDT", "$25.6 million", "below $92,000" })
        {
            Assert.Contains(expected, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Brief_of_10_October_2025_is_the_largest_in_the_stored_history()
    {
        var (facts, html) = await sample.BriefAsync("2025-10-10");

        Assert.True(facts.Liquidations!.Rank!.IsLargest);
        Assert.Contains("It was the largest daily total in the stored history", BriefText.Of(html), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2025-01-27")]
    [InlineData("2025-02-03")]
    [InlineData("2025-10-10")]
    [InlineData("2026-01-31")]
    [InlineData("2026-02-05")]
    [InlineData("2026-02-06")]
    [InlineData("2025-12-10")]
    public async Task Sample_brief_has_no_holes(string day)
    {
        var (_, html) = await sample.BriefAsync(day);

        Templates.MissingFigureTests.AssertNoHoles(html, day);
        File.WriteAllText(Path.Combine(Path.GetTempPath(), $"rf-sample-{day}.txt"), string.Join("\n", BriefText.Sentences(BriefText.Of(html))));
    }
}
