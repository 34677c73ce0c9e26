using System.Diagnostics;
using System.Globalization;
using ReportForge.Data.Storage;
using ReportForge.Reporting.Analysis;
using ReportForge.Reporting.Analysis.Liquidations;
using ReportForge.Reporting.Analysis.Market;
using ReportForge.Reporting.Analysis.Prices;
using ReportForge.Reporting.Templates;

namespace ReportForge.Bench.Narrative;

/// <summary>Medians of each step of a brief, to see where the time goes (--profile).</summary>
internal static class Profile
{
    public static async Task RunAsync(ReportForgeDatabase database, BriefWindow window, BriefTemplateEngine engine, BrandOptions brand, int runs)
    {
        var assets = BriefAnalyzer.DefaultAssets;
        var analyzer = new BriefAnalyzer(database, TimeProvider.System, BriefAnalyzer.DefaultDetectors(), assets);
        var facts = await analyzer.AnalyseAsync(window, CancellationToken.None);
        var history = new LiquidationHistory();
        var steps = new (string Name, Func<Task> Step)[]
        {
            ("open connection", async () => { await using var c = await database.OpenAsync(CancellationToken.None); }),
            ("liquidations", async () => { await using var c = await database.OpenAsync(CancellationToken.None); await LiquidationAnalysis.AnalyseAsync(c, window, CancellationToken.None); }),
            ("rank (warm cache)", async () => { await using var c = await database.OpenAsync(CancellationToken.None); await history.RankAsync(c, window, facts.Liquidations!.Source, facts.Liquidations.Total, CancellationToken.None); }),
            ("prices", async () => { await using var c = await database.OpenAsync(CancellationToken.None); await PriceAnalysis.AnalyseAsync(c, window, assets, CancellationToken.None); }),
            ("derivatives", async () => { await using var c = await database.OpenAsync(CancellationToken.None); await MarketAnalysis.DerivativesAsync(c, window, assets, CancellationToken.None); }),
            ("equities", async () => { await using var c = await database.OpenAsync(CancellationToken.None); await MarketAnalysis.EquitiesAsync(c, window, BriefAnalyzer.EquityIndices, CancellationToken.None); }),
            ("template model", () => { BriefModel.From(facts, brand); return Task.CompletedTask; }),
            ("render", () => { engine.Render(BriefModel.From(facts, brand)); return Task.CompletedTask; }),
        };
        foreach (var (name, step) in steps)
        {
            var times = new List<double>();
            for (var i = 0; i < runs; i++)
            {
                var start = Stopwatch.GetTimestamp();
                await step();
                times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  step {name,-20} {times.Order().ElementAt(times.Count / 2),8:F3} ms"));
        }
    }
}
