using System.Diagnostics;
using System.Globalization;
using ReportForge.Bench.Rendering;
using ReportForge.Data.Archive;
using ReportForge.Data.Import;
using ReportForge.Data.Runs;
using ReportForge.Data.Storage;
using ReportForge.Reporting.Analysis;
using ReportForge.Reporting.Briefs;
using ReportForge.Reporting.Rendering;
using ReportForge.Reporting.Templates;

// Measures brief rendering in one run: warm latency, throughput at concurrency 1/2/4, the bare print call,
// a fresh browser per brief, cold start of `reportforge brief`, and memory over many briefs.
// Usage: dotnet run -c Release --project bench/ReportForge.Bench.Rendering [-- --briefs 1000]
var culture = CultureInfo.InvariantCulture;
var briefs = args.SkipWhile(a => a != "--briefs").Skip(1).Select(a => int.Parse(a, culture)).FirstOrDefault(1000);
var cancel = CancellationToken.None;
var root = Path.Combine(Path.GetTempPath(), "rf-bench-" + Guid.NewGuid().ToString("N")[..8]);
var dataset = Path.Combine(root, "dataset");
var dataDir = Path.Combine(root, "data");
try
{
    await SyntheticDataset.WriteAsync(dataset, cancel);
    var clock = TimeProvider.System;
    var database = ReportForgeDatabase.InDataDirectory(dataDir);
    Directory.CreateDirectory(dataDir);
    await new SchemaMigrator(database, clock).MigrateAsync(cancel);
    var import = await new DatasetImporter(database, new IngestRunStore(database, clock)).ImportAsync(dataset, cancel);
    if (!import.Succeeded)
    {
        throw new InvalidOperationException("The synthetic dataset did not import: " + string.Join("; ", import.Files.SelectMany(f => f.Errors)));
    }

    var analyzer = new BriefAnalyzer(database, clock, BriefAnalyzer.DefaultDetectors(), BriefAnalyzer.DefaultAssets);
    var engine = BriefTemplateEngine.Compile(TemplateSet.BuiltIn());
    var brand = await new BrandOptions().WithLogoInlinedAsync(cancel);
    var window = BriefWindow.ForDate(SyntheticDataset.Day, TimeZoneInfo.Utc);
    // One page per core: more pages only queue on the same cores and cost a renderer process each.
    var options = new PdfOptions { PoolSize = Math.Clamp(Environment.ProcessorCount, 1, 4) };

    Console.WriteLine($"ReportForge rendering benchmark · {Environment.ProcessorCount} cores · {RuntimeInformationText()} · {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
    var startup = Stopwatch.StartNew();
    await using var renderer = await PdfRenderer.StartAsync(options, cancel);
    var launch = startup.Elapsed;
    await renderer.WarmUpAsync(cancel);
    Console.WriteLine($"renderer start {Ms(launch)}, warm-up of {options.PoolSize} pages {Ms(startup.Elapsed - launch)}");

    async Task<byte[]> BriefAsync()
    {
        var facts = await analyzer.AnalyseAsync(window, cancel);
        var html = engine.Render(BriefModel.From(facts, brand));
        return await renderer.RenderAsync(html, PdfMetadata.For(facts, brand), cancel);
    }

    var sample = await BriefAsync();
    var samplePath = Path.Combine(root, "brief.pdf");
    await File.WriteAllBytesAsync(samplePath, sample, cancel);
    var pages = await PageCountAsync(samplePath);
    var html = engine.Render(BriefModel.From(await analyzer.AnalyseAsync(window, cancel), brand));
    Console.WriteLine($"brief: {pages} pages, {sample.Length / 1024} KB PDF, {html.Length / 1024} KB HTML");

    // Stages of one brief, to show where the time goes.
    var analyse = await TimeAsync(60, async () => await analyzer.AnalyseAsync(window, cancel));
    var facts0 = await analyzer.AnalyseAsync(window, cancel);
    var template = await TimeAsync(60, () => Task.FromResult(engine.Render(BriefModel.From(facts0, brand))));
    var render = await TimeAsync(60, async () => await renderer.RenderAsync(html, cancel));
    Console.WriteLine($"stages (median): analyse {Ms(analyse.P50)}, template {Ms(template.P50)}, render {Ms(render.P50)}");

    // Warm latency end to end, one brief at a time, and the bare print call on an already-loaded page.
    // The two are interleaved, a brief then a bare print, so that both see the same machine: it is shared, and its load drifts.
    var (warm, bare) = await WarmAndBareAsync(options, html, 300, BriefAsync);
    Console.WriteLine($"warm brief end to end (data → PDF): p50 {Ms(warm.P50)}, p95 {Ms(warm.P95)}");
    Console.WriteLine($"bare Page.printToPDF on a loaded page (timed in turn with the warm briefs): p50 {Ms(bare.P50)}, p95 {Ms(bare.P95)}; ratio warm/bare p50 {warm.P50 / bare.P50:F2}×");

    var pipeline = new BriefPipeline(analyzer, engine, renderer, new ReportArchive(database, Path.Combine(dataDir, "briefs")), brand, clock);
    var archived = await TimeAsync(60, async () => await pipeline.RunAsync(new BriefRequest(window), cancel));
    Console.WriteLine($"full pipeline incl. archive write (PDF file + SQLite row): p50 {Ms(archived.P50)}, p95 {Ms(archived.P95)}");

    // Throughput at 1, 2 and 4 briefs at once.
    double best = 0;
    foreach (var concurrency in new[] { 1, 2, 4 })
    {
        var before = ProcessMemory.Entries(Environment.ProcessId);
        var perMinute = await ThroughputAsync(concurrency, 160, BriefAsync);
        best = Math.Max(best, perMinute);
        Console.WriteLine($"throughput at concurrency {concurrency}: {perMinute:F0} briefs/min; CPU per brief by process: " +
                          ProcessMemory.Breakdown(ProcessMemory.Entries(Environment.ProcessId), before, 160));
    }

    // Memory: steady state after warm-up, then growth over many briefs at concurrency 2.
    var self = Environment.ProcessId;
    GC.Collect();
    var steady = ProcessMemory.OfTree(self);
    Console.WriteLine($"memory steady: RSS {steady.RssMb:F0} MB summed over {steady.Processes} processes, PSS {steady.PssMb:F0} MB: " +
                      ProcessMemory.Breakdown(ProcessMemory.Entries(self)));
    var run = Stopwatch.StartNew();
    var memoryRun = await ThroughputAsync(2, briefs, BriefAsync);
    GC.Collect();
    var after = ProcessMemory.OfTree(self);
    Console.WriteLine($"after {briefs} more briefs ({memoryRun:F0}/min, {renderer.BrowserLaunches} browser launch(es) so far): RSS {after.RssMb:F0} MB, PSS {after.PssMb:F0} MB; " +
                      $"growth RSS {Percent(after.RssMb / steady.RssMb - 1)}, PSS {Percent(after.PssMb / steady.PssMb - 1)}");

    // A fresh browser per brief: what the pool saves.
    var fresh = await FreshBrowserAsync(options, html, 5);
    Console.WriteLine($"fresh browser per brief (launch, page, print, close): p50 {Ms(fresh.P50)}");

    // Cold start of the command line, as a user runs it.
    var cold = await ColdStartAsync(dataDir, 3);
    Console.WriteLine(cold is { } c ? $"cold start `reportforge brief --date 2025-02-03`: median {Ms(c)} (of 3 runs)" : "cold start: build src/Scheduler -c Release first (reportforge.dll not found)");

    Console.WriteLine();
    Console.WriteLine("| measure | result | goal |");
    Console.WriteLine("| --- | --- | --- |");
    Console.WriteLine($"| warm brief p50 / p95 (data → PDF, {pages} pages) | {Ms(warm.P50)} / {Ms(warm.P95)} | p50 ≤ 100 ms |");
    Console.WriteLine($"| bare print call p50 (same HTML, loaded page) | {Ms(bare.P50)} | — |");
    Console.WriteLine($"| warm / bare | {warm.P50 / bare.P50:F2}× | ≤ 1.3× |");
    Console.WriteLine($"| best throughput | {best:F0} briefs/min | ≥ 1,200 |");
    Console.WriteLine($"| cold start `reportforge brief` | {(cold is { } cs ? Ms(cs) : "n/a")} | ≤ 2.5 s |");
    Console.WriteLine($"| fresh browser per brief | {Ms(fresh.P50)} | — |");
    Console.WriteLine($"| memory steady (PSS / RSS sum) | {steady.PssMb:F0} / {steady.RssMb:F0} MB | ≤ 450 MB |");
    Console.WriteLine($"| growth over {briefs} briefs (PSS / RSS sum) | {Percent(after.PssMb / steady.PssMb - 1)} / {Percent(after.RssMb / steady.RssMb - 1)} | < 10 % |");
    return 0;
}
finally
{
    try
    {
        Directory.Delete(root, recursive: true);
    }
    catch (IOException)
    {
    }
}

// Rounded first: a change that rounds to zero prints as +0.0 %, not as -+0.0 %.
static string Percent(double change) => Math.Round(change * 100, 1).ToString("+0.0;-0.0;+0.0", CultureInfo.InvariantCulture) + " %";

static string RuntimeInformationText() => System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription;

static string Ms(TimeSpan time) => time.TotalMilliseconds >= 1000
    ? (time.TotalSeconds).ToString("F2", CultureInfo.InvariantCulture) + " s"
    : time.TotalMilliseconds.ToString("F1", CultureInfo.InvariantCulture) + " ms";

static async Task<(TimeSpan P50, TimeSpan P95)> TimeAsync<T>(int count, Func<Task<T>> action)
{
    var times = new List<TimeSpan>(count);
    for (var i = 0; i < count; i++)
    {
        var stopwatch = Stopwatch.StartNew();
        await action();
        times.Add(stopwatch.Elapsed);
    }

    times.Sort();
    return (times[times.Count / 2], times[(int)Math.Ceiling(times.Count * 0.95) - 1]);
}

static async Task<double> ThroughputAsync(int concurrency, int total, Func<Task<byte[]>> brief)
{
    var remaining = total;
    var stopwatch = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
    {
        while (Interlocked.Decrement(ref remaining) >= 0)
        {
            await brief();
        }
    }));
    return total / stopwatch.Elapsed.TotalMinutes;
}

// The bare print call: Chromium's Page.printToPDF on a page that already holds the brief, through the same client, in a
// browser of its own; timed in turn with a whole warm brief.
static async Task<((TimeSpan P50, TimeSpan P95) Warm, (TimeSpan P50, TimeSpan P95) Bare)> WarmAndBareAsync(
    PdfOptions options, string html, int count, Func<Task<byte[]>> brief)
{
    var browser = await ChromiumInstance.LaunchAsync(options, "bench-bare", CancellationToken.None);
    try
    {
        var page = await browser.TakePageAsync();
        var print = PdfPrintSettings.For(options);
        await page.LoadAsync(html, CancellationToken.None);
        await page.PrintLoadedAsync(print, CancellationToken.None);
        var warm = new List<TimeSpan>(count);
        var bare = new List<TimeSpan>(count);
        for (var i = 0; i < count; i++)
        {
            var stopwatch = Stopwatch.StartNew();
            await brief();
            warm.Add(stopwatch.Elapsed);
            stopwatch.Restart();
            await page.PrintLoadedAsync(print, CancellationToken.None);
            bare.Add(stopwatch.Elapsed);
        }

        return (Percentiles(warm), Percentiles(bare));
    }
    finally
    {
        await browser.CloseAsync();
    }
}

static (TimeSpan P50, TimeSpan P95) Percentiles(List<TimeSpan> times)
{
    times.Sort();
    return (times[times.Count / 2], times[(int)Math.Ceiling(times.Count * 0.95) - 1]);
}

static async Task<(TimeSpan P50, TimeSpan P95)> FreshBrowserAsync(PdfOptions options, string html, int count) =>
    await TimeAsync(count, async () =>
    {
        var browser = await ChromiumInstance.LaunchAsync(options, "bench-fresh", CancellationToken.None);
        try
        {
            var page = await browser.TakePageAsync();
            return await page.PrintAsync(html, PdfPrintSettings.For(options), CancellationToken.None);
        }
        finally
        {
            await browser.CloseAsync();
        }
    });

static async Task<TimeSpan?> ColdStartAsync(string dataDir, int runs)
{
    var root = AppContext.BaseDirectory;
    while (root is not null && !File.Exists(Path.Combine(root, "ReportForge.sln")))
    {
        root = Path.GetDirectoryName(root);
    }

    var dll = root is null ? null : Path.Combine(root, "src", "Scheduler", "bin", "Release", "net10.0", "reportforge.dll");
    if (dll is null || !File.Exists(dll))
    {
        return null;
    }

    var times = new List<TimeSpan>();
    for (var i = 0; i < runs; i++)
    {
        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(new ProcessStartInfo("dotnet") { ArgumentList = { dll, "--data-dir", dataDir, "brief", "--date", "2025-02-03" }, RedirectStandardOutput = true, RedirectStandardError = true })!;
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException("reportforge brief failed: " + await stderr);
        }

        times.Add(stopwatch.Elapsed);
    }

    times.Sort();
    return times[times.Count / 2];
}

static async Task<int> PageCountAsync(string pdf)
{
    using var process = Process.Start(new ProcessStartInfo("pdfinfo") { ArgumentList = { pdf }, RedirectStandardOutput = true })!;
    var text = await process.StandardOutput.ReadToEndAsync();
    await process.WaitForExitAsync();
    var line = text.Split('\n').First(l => l.StartsWith("Pages:", StringComparison.Ordinal));
    return int.Parse(line[6..].Trim(), CultureInfo.InvariantCulture);
}
