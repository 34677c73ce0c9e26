using ReportForge.SampleData;

// Usage: dotnet run --project tools/SampleData -- <output folder> [--check]
//   Generates the sample dataset (byte-identical on every run) and checks it; --check only checks an existing folder.
var folder = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? Path.Combine("data", "sample");
var checkOnly = args.Contains("--check");

if (!checkOnly)
{
    Generator.Run(folder);
}

var failures = new Verifier(folder).Run(Console.Out);
if (failures.Count > 0)
{
    Console.Error.WriteLine($"{failures.Count} check(s) failed:");
    foreach (var failure in failures)
    {
        Console.Error.WriteLine("  - " + failure);
    }

    return 1;
}

Console.WriteLine("All checks passed.");
return 0;
