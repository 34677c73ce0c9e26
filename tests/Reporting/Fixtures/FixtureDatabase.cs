using ReportForge.Data.Import;
using ReportForge.Data.Runs;
using ReportForge.Data.Storage;
using ReportForge.Reporting.Analysis;
using ReportForge.Reporting.Templates;

namespace ReportForge.Reporting.Tests.Fixtures;

/// <summary>A real SQLite database in a temp folder, migrated and loaded through the importer from a written dataset.</summary>
internal sealed class FixtureDatabase : IDisposable
{
    /// <summary>The clock every fixture brief is generated at, so rendered text does not change between runs.</summary>
    public static readonly TimeProvider Clock = new FixedClock(new DateTimeOffset(2026, 2, 10, 9, 0, 0, TimeSpan.Zero));

    private readonly TempFolder _folder = new();

    private FixtureDatabase(ReportForgeDatabase database)
    {
        Database = database;
    }

    public ReportForgeDatabase Database { get; private set; }

    public static async Task<FixtureDatabase> CreateAsync(DatasetWriter writer, params string[] leaveOut)
    {
        var fixture = new FixtureDatabase(null!);
        var dataset = fixture._folder.File("dataset");
        writer.WriteTo(dataset, leaveOut);
        fixture.Database = ReportForgeDatabase.InDataDirectory(fixture._folder.File("data"));
        await new SchemaMigrator(fixture.Database, Clock).MigrateAsync(CancellationToken.None);
        var result = await new DatasetImporter(fixture.Database, new IngestRunStore(fixture.Database, Clock)).ImportAsync(dataset, CancellationToken.None);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("The fixture dataset was refused: " + string.Join("; ", result.Files.SelectMany(f => f.Errors)));
        }

        return fixture;
    }

    public BriefAnalyzer Analyzer() => new(Database, Clock, BriefAnalyzer.DefaultDetectors(), BriefAnalyzer.DefaultAssets);

    public Task<BriefFacts> FactsAsync(DateOnly day, string timeZone = "UTC") =>
        Analyzer().AnalyseAsync(BriefWindow.ForDate(day, TimeZoneInfo.FindSystemTimeZoneById(timeZone)), CancellationToken.None);

    public void Dispose() => _folder.Dispose();

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

/// <summary>The whole fixture market, loaded once for the tests that only read it.</summary>
public sealed class MarketDatabase : IAsyncLifetime
{
    private FixtureDatabase? _fixture;

    internal FixtureDatabase Fixture => _fixture ?? throw new InvalidOperationException("not initialised");

    internal static BriefTemplateEngine Templates { get; } = BriefTemplateEngine.Compile(TemplateSet.BuiltIn());

    public async Task InitializeAsync() => _fixture = await FixtureDatabase.CreateAsync(MarketFixture.Build());

    public Task DisposeAsync()
    {
        _fixture?.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>The rendered HTML of a day's brief.</summary>
    internal async Task<string> HtmlAsync(DateOnly day, string timeZone = "UTC") =>
        Templates.Render(BriefModel.From(await Fixture.FactsAsync(day, timeZone), new BrandOptions()));
}

[CollectionDefinition(Name)]
public sealed class MarketGroup : ICollectionFixture<MarketDatabase>
{
    public const string Name = "fixture market";
}
