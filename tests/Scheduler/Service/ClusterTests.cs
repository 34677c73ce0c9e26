using System.Globalization;
using System.Net.Http.Json;
using Dapper;
using ReportForge.Data.Import;
using ReportForge.Data.Runs;
using ReportForge.Data.Storage;
using ReportForge.Scheduler.Tests.TestSupport;

namespace ReportForge.Scheduler.Tests.Service;

/// <summary>Two `reportforge serve` processes share one PostgreSQL database: Quartz's clustered job store runs each firing on one node.</summary>
public sealed class ClusterTests : IDisposable
{
    private const int IntervalSeconds = 4;
    private const int Firings = 12;

    private readonly TempFolder _folder = new();
    private readonly TestDatabase _store = new(StorageProvider.Postgres);

    public void Dispose()
    {
        _store.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task Schedule_due_every_few_seconds_runs_exactly_once_per_due_time_across_two_nodes()
    {
        var database = _store.Database;
        await new SchemaMigrator(database, TimeProvider.System).MigrateAsync(CancellationToken.None);
        var dataset = TestDataset.Write(Path.Combine(_folder.Path, "dataset"), TestDataset.RecentDays(2));
        Assert.True((await new DatasetImporter(database, new IngestRunStore(database, TimeProvider.System)).ImportAsync(dataset, CancellationToken.None)).Succeeded);
        var settings = new Dictionary<string, string>
        {
            ["ReportForge__Storage__Provider"] = "postgres",
            ["ReportForge__Storage__ConnectionString"] = _store.ConnectionString!,
            ["ReportForge__Scheduler__MisfireThreshold"] = "00:00:30",
            ["ReportForge__Scheduler__ClusterCheckinInterval"] = "00:00:02",
            ["ReportForge__Completeness__Sources__0"] = TestDataset.Source,
        };

        using var first = await ServiceProcess.StartAsync(Path.Combine(_folder.Path, "node1"), settings);
        using var second = await ServiceProcess.StartAsync(Path.Combine(_folder.Path, "node2"), settings);
        var cron = string.Create(CultureInfo.InvariantCulture, $"0/{IntervalSeconds} * * * * ?");
        (await first.Client.PostAsJsonAsync("/api/schedules", new { id = "often", cron, timeZone = "UTC" })).EnsureSuccessStatusCode();

        await Task.Delay(TimeSpan.FromSeconds(IntervalSeconds * (Firings + 1)));
        (await first.Client.PostAsJsonAsync("/api/schedules/often/pause", new { reason = "test over" })).EnsureSuccessStatusCode();
        await Task.Delay(TimeSpan.FromSeconds(IntervalSeconds * 4));

        await using var connection = await database.OpenAsync(CancellationToken.None);
        var runs = (await connection.QueryAsync<(long ScheduledFor, long Attempt, string Outcome)>(
            "SELECT scheduled_for, attempt, outcome FROM schedule_runs WHERE schedule_id = 'often' ORDER BY scheduled_for")).ToList();
        // Every run succeeded at its first attempt, so one row per firing: a due time run by both nodes would show twice.
        Assert.All(runs, r => Assert.Equal(("succeeded", 0L), (r.Outcome, r.Attempt)));
        Assert.True(runs.Count >= Firings - 2, $"only {runs.Count} firings ran:\n{first.Log}\n{second.Log}");
        Assert.Equal(runs.Count, runs.Select(r => r.ScheduledFor).Distinct().Count());
        Assert.All(runs, r => Assert.Equal(0, r.ScheduledFor % (IntervalSeconds * 1000)));
        // No due time between the first and the last was skipped.
        Assert.Equal((runs[^1].ScheduledFor - runs[0].ScheduledFor) / (IntervalSeconds * 1000) + 1, runs.Count);
        var archived = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM reports");
        Assert.True(archived >= 1);
    }
}
