using System.Globalization;
using ReportForge.Bench;

// dotnet run -c Release --project bench/ReportForge.Bench -- [import|facts|all] [--rows N] [--preload N] [--orders N] [--runs N] [--keep DIR]
var command = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "all";
int Option(string name, int fallback) =>
    Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
string? Text(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

if (command is "import" or "all")
{
    await ImportBenchmark.RunAsync(Option("--rows", 300_000), Option("--runs", 5), Option("--preload", 2_400_000));
}

if (command is "facts" or "all")
{
    await FactsBenchmark.RunAsync(Option("--orders", 10_000_000), Option("--runs", 15), Text("--keep"));
}

if (command is not ("import" or "facts" or "all"))
{
    Console.Error.WriteLine("usage: ReportForge.Bench [import|facts|all] [--rows N] [--preload N] [--orders N] [--runs N] [--keep DIR]");
    return 2;
}

return 0;
