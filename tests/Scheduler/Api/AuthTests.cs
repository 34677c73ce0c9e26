using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ReportForge.Scheduler.Api;
using ReportForge.Scheduler.Tests.TestSupport;

namespace ReportForge.Scheduler.Tests.Api;

[Collection("service")]
public sealed class AuthSqliteTests(ServiceFixture service) : AuthTests(service);

[Collection("service-postgres")]
public sealed class AuthPostgresTests(PostgresServiceFixture service) : AuthTests(service);

public abstract class AuthTests(ServiceFixture service)
{
    public static TheoryData<string, string> ProtectedEndpoints => new()
    {
        { "POST", "/api/briefs" },
        { "GET", "/api/briefs" },
        { "GET", "/api/briefs/x" },
        { "GET", "/api/briefs/x/pdf" },
        { "GET", "/api/briefs/x/html" },
        { "POST", "/api/briefs/x/rerender" },
        { "GET", "/api/schedules" },
        { "POST", "/api/schedules" },
        { "PUT", "/api/schedules/x" },
        { "DELETE", "/api/schedules/x" },
        { "POST", "/api/schedules/x/pause" },
        { "POST", "/api/schedules/x/resume" },
        { "POST", "/api/schedules/x/run" },
        { "GET", "/api/schedules/x/runs" },
        { "POST", "/api/subscriptions" },
        { "PUT", "/api/subscriptions/x" },
        { "DELETE", "/api/subscriptions/x" },
        { "POST", "/api/subscriptions/x/test" },
        { "GET", "/api/deliveries" },
        { "POST", "/api/deliveries/x/retry" },
        { "GET", "/api/alerts" },
    };

    [Theory]
    [MemberData(nameof(ProtectedEndpoints))]
    public async Task Every_api_endpoint_refuses_a_request_without_a_key(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(new { }) };
        using var response = await service.Anonymous.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("missing", problem.GetProperty("errors").GetProperty(ApiKeys.Header)[0].GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rf_test_key_0123456789abcdeF")]
    [InlineData("rf_test_key_0123456789abcde")]
    [InlineData("x")]
    public async Task A_wrong_key_is_refused(string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/briefs");
        request.Headers.Add(ApiKeys.Header, key);
        using var response = await service.Anonymous.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("not hold a known API key", problem.GetProperty("errors").GetProperty(ApiKeys.Header)[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_configured_only_as_its_hash_is_accepted()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/schedules");
        request.Headers.Add(ApiKeys.Header, ServiceFixture.SecondKey);
        using var response = await service.Anonymous.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_key_created_in_the_database_works_until_it_is_revoked()
    {
        var keys = (ApiKeys)service.Services.GetService(typeof(ApiKeys))!;
        var key = await keys.CreateAsync("ops-" + Guid.NewGuid().ToString("N")[..6], CancellationToken.None);
        using (var ok = new HttpRequestMessage(HttpMethod.Get, "/api/alerts"))
        {
            ok.Headers.Add(ApiKeys.Header, key);
            Assert.Equal(HttpStatusCode.OK, (await service.Anonymous.SendAsync(ok)).StatusCode);
        }

        await using var connection = await service.Database.OpenAsync(CancellationToken.None);
        var stored = await Dapper.SqlMapper.QueryAsync<string>(connection, "SELECT key_hash FROM api_keys");
        Assert.DoesNotContain(key, stored);
        Assert.Contains(ApiKeys.Hash(key), stored);
    }

    [Fact]
    public async Task Health_and_the_openapi_document_need_no_key()
    {
        var health = await service.Anonymous.GetFromJsonAsync<JsonElement>("/health");
        Assert.Equal("ok", health.GetProperty("status").GetString());
        Assert.Equal("running", health.GetProperty("scheduler").GetProperty("status").GetString());
        Assert.Equal("ok", health.GetProperty("database").GetProperty("status").GetString());
        Assert.Equal("desk", health.GetProperty("collectors")[0].GetString());
        Assert.True(health.GetProperty("lastIngest").TryGetProperty(TestDataset.Source, out var last));
        Assert.Equal("succeeded", last.GetProperty("outcome").GetString());

        var openApi = await service.Anonymous.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = openApi.GetProperty("paths");
        foreach (var path in new[] { "/api/briefs", "/api/briefs/{id}", "/api/briefs/{id}/pdf", "/api/briefs/{id}/rerender", "/api/schedules/{id}/pause", "/api/subscriptions/{id}/test", "/health" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is missing from the OpenAPI document");
        }
    }
}
