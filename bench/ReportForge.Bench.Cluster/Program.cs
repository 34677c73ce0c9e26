using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Dapper;
using ReportForge.Data.Import;
using ReportForge.Data.Runs;
using ReportForge.Data.Storage;
using ReportForge.Tests;

// Briefs per minute of a cluster of 1, 2 and 3 `reportforge serve` nodes on one PostgreSQL database:
// on-demand briefs are submitted round-robin to the nodes' APIs and counted done from brief_jobs.
var briefs = Option("--briefs", 60);
var nodeCounts = (OptionText("--nodes") ?? "1,2,3").Split(',').Select(n => int.Parse(n, CultureInfo.InvariantCulture)).ToArray();
var repository = FindRepository();
var executable = Path.Combine(repository, "src", "Scheduler", "bin", "Release", "net10.0", "reportforge.dll");
if (!File.Exists(executable))
{
    Console.Error.WriteLine($"{executable} is missing: run `dotnet build src/Scheduler -c Release` first.");
    return 1;
}

var server = PostgresServer.Instance;
Console.WriteLine($"{briefs} on-demand briefs of 2025-02-03 per cluster size; PostgreSQL on 127.0.0.1:{server.Port}; {Environment.ProcessorCount} cores");
Console.WriteLine();
Console.WriteLine("| nodes | briefs | seconds | briefs/min | briefs per node | load average (1 min) |");
Console.WriteLine("| ---: | ---: | ---: | ---: | --- | ---: |");
foreach (var count in nodeCounts)
{
    var connectionString = server.CreateDatabase();
    var scratch = Directory.CreateTempSubdirectory("rf-bench-cluster-");
    var nodes = new List<Node>();
    try
    {
        var database = new StorageOptions { Provider = "postgres", ConnectionString = connectionString }.Open(scratch.FullName);
        await new SchemaMigrator(database, TimeProvider.System).MigrateAsync(CancellationToken.None);
        var import = await new DatasetImporter(database, new IngestRunStore(database, TimeProvider.System))
            .ImportAsync(Path.Combine(repository, "data", "sample"), CancellationToken.None);
        if (!import.Succeeded)
        {
            throw new InvalidOperationException("data/sample did not import");
        }

        for (var i = 0; i < count; i++)
        {
            nodes.Add(await Node.StartAsync(executable, Path.Combine(scratch.FullName, $"node{i + 1}"), connectionString, briefs));
        }

        var clock = Stopwatch.StartNew();
        var submitted = await Task.WhenAll(Enumerable.Range(0, briefs).Select(async i =>
        {
            using var response = await nodes[i % nodes.Count].Client.PostAsJsonAsync("/api/briefs", new { date = "2025-02-03", timeZone = "UTC" });
            response.EnsureSuccessStatusCode();
            return true;
        }));
        await using var connection = await database.OpenAsync(CancellationToken.None);
        while (true)
        {
            var open = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM brief_jobs WHERE status IN ('queued', 'running')");
            if (open == 0)
            {
                break;
            }

            if (clock.Elapsed > TimeSpan.FromMinutes(15))
            {
                throw new TimeoutException($"{open} briefs still open after 15 minutes");
            }

            await Task.Delay(50);
        }

        clock.Stop();
        var failed = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM brief_jobs WHERE status = 'failed'");
        if (failed > 0)
        {
            throw new InvalidOperationException($"{failed} briefs failed: " + await connection.ExecuteScalarAsync<string>("SELECT error FROM brief_jobs WHERE status = 'failed' LIMIT 1"));
        }

        var perNode = (await connection.QueryAsync<(string Node, long Count)>("SELECT claimed_by, COUNT(*) FROM brief_jobs GROUP BY claimed_by ORDER BY 2 DESC"))
            .Select(r => r.Count.ToString(CultureInfo.InvariantCulture)).ToList();
        var load = File.ReadAllText("/proc/loadavg").Split(' ')[0];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {count} | {submitted.Length} | {clock.Elapsed.TotalSeconds:0.0} | {submitted.Length / clock.Elapsed.TotalMinutes:0} | {string.Join(" / ", perNode)} | {load} |"));
    }
    finally
    {
        foreach (var node in nodes)
        {
            await node.DisposeAsync();
        }

        server.DropDatabase(connectionString);
        scratch.Delete(recursive: true);
    }
}

return 0;

int Option(string name, int fallback) => OptionText(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

string? OptionText(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}

static string FindRepository()
{
    for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
    {
        if (File.Exists(Path.Combine(folder.FullName, "ReportForge.sln")))
        {
            return folder.FullName;
        }
    }

    throw new InvalidOperationException("Run the benchmark from inside the repository.");
}

/// <summary>One `reportforge serve` process of the cluster, with the API key the benchmark uses.</summary>
internal sealed class Node : IAsyncDisposable
{
    private const string ApiKey = "bench-key-0123456789abcdef";
    private readonly Process _process;

    private Node(Process process, HttpClient client)
    {
        _process = process;
        Client = client;
    }

    public HttpClient Client { get; }

    public static async Task<Node> StartAsync(string executable, string dataDirectory, string connectionString, int queueCapacity)
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var url = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { executable, "serve", "--data-dir", dataDirectory, "--urls", url })
        {
            start.ArgumentList.Add(argument);
        }

        var environment = new Dictionary<string, string>
        {
            ["ReportForge__Storage__Provider"] = "postgres",
            ["ReportForge__Storage__ConnectionString"] = connectionString,
            ["ReportForge__PublicBaseUrl"] = url,
            ["ReportForge__Api__Keys__0__Name"] = "bench",
            ["ReportForge__Api__Keys__0__Key"] = ApiKey,
            ["ReportForge__Briefs__QueueCapacity"] = queueCapacity.ToString(CultureInfo.InvariantCulture),
            ["ReportForge__Scheduler__IdleWaitTime"] = "00:00:01",
            ["Logging__LogLevel__Default"] = "Warning",
            // No live source or stream: the benchmark measures briefs, and the machine reaches no exchange.
            ["Sources__Binance__Enabled"] = "false",
            ["Sources__Bybit__Enabled"] = "false",
            ["Sources__Okx__Enabled"] = "false",
            ["Sources__CoinGlass__Enabled"] = "false",
            ["Sources__CoinGecko__Enabled"] = "false",
            ["Sources__Fred__Enabled"] = "false",
            ["Sources__Feeds__Enabled"] = "false",
            ["Sources__Collectors__Enabled"] = "false",
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var client = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        var node = new Node(process, client);
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"reportforge serve exited with {process.ExitCode}");
            }

            try
            {
                using var health = await client.GetAsync(new Uri("/health", UriKind.Relative));
                if (health.IsSuccessStatusCode)
                {
                    return node;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(250);
        }

        await node.DisposeAsync();
        throw new TimeoutException("reportforge serve did not become healthy");
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
    }
}
