using System.Diagnostics;
using System.Globalization;
using ReportForge.Data.Import;
using ReportForge.Data.Runs;
using ReportForge.Data.Storage;
using ReportForge.Reporting.Analysis;
using ReportForge.Reporting.Templates;
using ReportForge.Bench.Narrative;
using ReportForge.Reporting.Tests.Fixtures;

// Analysis plus templating of one brief, warm: templates compiled once, the analyzer reused, the database file on disk.
// Usage: dotnet run -c Release --project bench/ReportForge.Bench.Narrative [-- --data <dataset folder> --date yyyy-MM-dd --runs N --profile]
var options = Options.Parse(args);
var work = Path.Combine(Path.GetTempPath(), "rf-bench-narrative-" + Guid.NewGuid().ToString("N")[..8]);
try
{
    var dataset = options.Data ?? Path.Combine(work, "dataset");
    if (options.Data is null)
    {
        MarketFixture.Build().WriteTo(dataset);
    }

    var database = ReportForgeDatabase.InDataDirectory(Path.Combine(work, "data"));
    await new SchemaMigrator(database, TimeProvider.System).MigrateAsync(CancellationToken.None);
    var import = await new DatasetImporter(database, new IngestRunStore(database, TimeProvider.System)).ImportAsync(dataset, CancellationToken.None);
    if (!import.Succeeded)
    {
        Console.Error.WriteLine("The dataset was refused: " + string.Join("; ", import.Files.SelectMany(f => f.Errors)));
        return 1;
    }

    var compile = Stopwatch.StartNew();
    var engine = BriefTemplateEngine.Compile(TemplateSet.BuiltIn());
    compile.Stop();
    var analyzer = new BriefAnalyzer(database, TimeProvider.System, BriefAnalyzer.DefaultDetectors(), BriefAnalyzer.DefaultAssets);
    var window = BriefWindow.ForDate(options.Date, TimeZoneInfo.Utc);
    var brand = new BrandOptions();

    var cold = Stopwatch.StartNew();
    var html = engine.Render(BriefModel.From(await analyzer.AnalyseAsync(window, CancellationToken.None), brand));
    cold.Stop();

    for (var i = 0; i < options.Runs / 5; i++)
    {
        engine.Render(BriefModel.From(await analyzer.AnalyseAsync(window, CancellationToken.None), brand));
    }

    if (options.Profile)
    {
        await Profile.RunAsync(database, window, engine, brand, options.Runs);
    }

    // Wall time per brief, and process CPU time per brief over batches: on a shared machine the wall clock also
    // counts the time other processes hold the cores, the CPU time only the work of this brief.
    const int Batch = 20;
    var analysis = new List<double>(options.Runs);
    var templating = new List<double>(options.Runs);
    var total = new List<double>(options.Runs);
    var cpu = new List<double>();
    var process = Process.GetCurrentProcess();
    for (var i = 0; i < options.Runs; i += Batch)
    {
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        for (var j = 0; j < Batch; j++)
        {
            var start = Stopwatch.GetTimestamp();
            var facts = await analyzer.AnalyseAsync(window, CancellationToken.None);
            var analysed = Stopwatch.GetTimestamp();
            _ = engine.Render(BriefModel.From(facts, brand));
            var rendered = Stopwatch.GetTimestamp();
            analysis.Add(Stopwatch.GetElapsedTime(start, analysed).TotalMilliseconds);
            templating.Add(Stopwatch.GetElapsedTime(analysed, rendered).TotalMilliseconds);
            total.Add(Stopwatch.GetElapsedTime(start, rendered).TotalMilliseconds);
        }

        process.Refresh();
        cpu.Add((process.TotalProcessorTime - cpuBefore).TotalMilliseconds / Batch);
    }

    var c = CultureInfo.InvariantCulture;
    Console.WriteLine(string.Create(c, $"Brief of {options.Date:yyyy-MM-dd} (UTC), {options.Runs} warm runs, {html.Length:N0} characters of HTML"));
    Console.WriteLine(string.Create(c, $"  template compile (once)   {compile.Elapsed.TotalMilliseconds,8:F1} ms"));
    Console.WriteLine(string.Create(c, $"  first brief (cold)        {cold.Elapsed.TotalMilliseconds,8:F1} ms"));
    Console.WriteLine(string.Create(c, $"  {"",-24}   median       p90"));
    Print("analysis", analysis);
    Print("templating", templating);
    Print("analysis + templating", total);
    Console.WriteLine(string.Create(c, $"  CPU time per brief       {Percentile(cpu, 0.5),8:F2} ms (median of {cpu.Count} batches of {Batch}; load average {LoadAverage()})"));
    var median = Percentile(total, 0.5);
    Console.WriteLine(string.Create(c, $"  goal ≤ 5 ms warm: {(median <= 5 ? "met" : "NOT met")} (median {median:F2} ms)"));
    return median <= 5 ? 0 : 2;
}
finally
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    try
    {
        Directory.Delete(work, recursive: true);
    }
    catch (IOException)
    {
        // The temp folder is swept by the OS.
    }
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

static void Print(string name, List<double> values) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-24} {Percentile(values, 0.5),8:F2} ms {Percentile(values, 0.9),8:F2} ms"));

static double Percentile(List<double> values, double p)
{
    var sorted = values.Order().ToList();
    return sorted[(int)Math.Clamp(Math.Round(p * (sorted.Count - 1)), 0, sorted.Count - 1)];
}

/// <summary>Command-line options of the narrative benchmark.</summary>
internal sealed record Options(string? Data, DateOnly Date, int Runs, bool Profile)
{
    public static Options Parse(string[] args)
    {
        string? data = null;
        var date = new DateOnly(2025, 2, 3);
        var runs = 200;
        var profile = args.Contains("--profile");
        args = [.. args.Where(a => a != "--profile")];
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--data": data = Path.GetFullPath(args[i + 1]); break;
                case "--date": date = DateOnly.ParseExact(args[i + 1], "yyyy-MM-dd", CultureInfo.InvariantCulture); break;
                case "--runs": runs = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"unknown option {args[i]}; use --data <folder>, --date yyyy-MM-dd, --runs N");
            }
        }

        return new Options(data, date, runs, profile);
    }
}
