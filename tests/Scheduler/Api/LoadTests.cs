using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ReportForge.Scheduler.Tests.TestSupport;

namespace ReportForge.Scheduler.Tests.Api;

[Collection("service")]
public sealed class LoadSqliteTests(ServiceFixture service) : LoadTests(service);

[Collection("service-postgres")]
public sealed class LoadPostgresTests(PostgresServiceFixture service) : LoadTests(service);

public abstract class LoadTests(ServiceFixture service)
{
    [Fact]
    public async Task Two_hundred_concurrent_brief_requests_each_finish_or_get_429_and_memory_stays_bounded()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        var workingSetBefore = self.WorkingSet64;
        long peakWorkingSet = workingSetBefore;
        var peakOutstanding = 0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                self.Refresh();
                peakWorkingSet = Math.Max(peakWorkingSet, self.WorkingSet64);
                var health = await service.Anonymous.GetFromJsonAsync<JsonElement>("/health");
                peakOutstanding = Math.Max(peakOutstanding, health.GetProperty("briefQueue").GetProperty("outstanding").GetInt32());
                await Task.Delay(50);
            }
        });

        var responses = await Task.WhenAll(Enumerable.Range(0, 200).Select(async _ =>
        {
            using var response = await service.Client.PostAsJsonAsync("/api/briefs", new { date = ServiceFixture.FixedDay });
            return (response.StatusCode, Location: response.Headers.Location?.ToString(), RetryAfter: response.Headers.RetryAfter?.Delta);
        }));

        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.TooManyRequests, r.StatusCode.ToString()));
        var accepted = responses.Where(r => r.StatusCode == HttpStatusCode.Accepted).ToList();
        Assert.NotEmpty(accepted);
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.All(responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests), r => Assert.Equal(TimeSpan.FromSeconds(30), r.RetryAfter));

        foreach (var (_, location, _) in accepted)
        {
            var done = await service.WaitForBriefAsync(location!, TimeSpan.FromMinutes(3));
            Assert.Equal("done", done.GetProperty("status").GetString());
        }

        await sampling.CancelAsync();
        await sampler;
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var heapAfter = GC.GetTotalMemory(forceFullCollection: true);

        // Briefs finish while the burst is still being admitted (on PostgreSQL each admission takes a round trip), so more
        // than 12 may be accepted in all; what the capacity bounds is how many are queued or running at once.
        Assert.InRange(peakOutstanding, 0, 12);
        Assert.True(heapAfter - heapBefore < 64L * 1024 * 1024, $"managed heap grew by {(heapAfter - heapBefore) / 1024 / 1024} MB");
        Assert.True(peakWorkingSet - workingSetBefore < 400L * 1024 * 1024, $"working set grew by {(peakWorkingSet - workingSetBefore) / 1024 / 1024} MB");
    }
}
