using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ReportForge.Scheduler.Delivery.Webhook;
using ReportForge.Scheduler.Tests.Delivery.Email;
using ReportForge.Scheduler.Tests.TestSupport;

namespace ReportForge.Scheduler.Tests.Delivery;

[Collection("service")]
public sealed class DeliverySqliteTests(ServiceFixture service) : DeliveryTests(service);

[Collection("service-postgres")]
public sealed class DeliveryPostgresTests(PostgresServiceFixture service) : DeliveryTests(service);

public abstract partial class DeliveryTests(ServiceFixture service)
{
    private static readonly string[] EthOnly = ["ETH"];

    private async Task EnsureABriefExistsAsync() => await service.BriefAsync(new { date = ServiceFixture.FixedDay });

    private async Task<JsonElement> SubscribeAsync(object body)
    {
        using var response = await service.Client.PostAsJsonAsync("/api/subscriptions", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<JsonElement> SendTestAsync(string subscriptionId)
    {
        using var response = await service.Client.PostAsync($"/api/subscriptions/{subscriptionId}/test", null);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private Task<JsonElement> DeliveryAsync(string id) => service.Client.GetFromJsonAsync<JsonElement>($"/api/deliveries/{id}");

    private Task<JsonElement> WaitSentAsync(string id) =>
        Eventually.ReturnsAsync(() => DeliveryAsync(id), d => d.GetProperty("status").GetString() is "sent" or "failed", TimeSpan.FromSeconds(60), $"delivery {id}");

    [Fact]
    public async Task Email_goes_through_a_real_relay_with_starttls_and_auth_carrying_the_pdf_and_an_unsubscribe_link()
    {
        await EnsureABriefExistsAsync();
        var address = $"desk-{Guid.NewGuid().ToString("N")[..8]}@example.com";
        var id = "mail-" + Guid.NewGuid().ToString("N")[..8];
        await SubscribeAsync(new
        {
            id, name = "Desk", scheduleId = "flash",
            recipients = new[] { new { channel = "email", address, assets = EthOnly, timeZone = "Asia/Tokyo" } },
        });

        var deliveryId = (await SendTestAsync(id)).GetProperty("deliveries")[0].GetString()!;
        var delivery = await WaitSentAsync(deliveryId);
        Assert.True(delivery.GetProperty("status").GetString() == "sent", delivery.ToString());

        var message = Assert.Single(service.Smtp.Messages(), m => m.Contains(address, StringComparison.Ordinal));
        Assert.Contains($"X-Test-Auth: {SmtpTestServer.User}", message, StringComparison.Ordinal);
        Assert.Contains($"Message-ID: <{deliveryId}@reportforge.test>", message, StringComparison.Ordinal);
        var parts = MimeParts(message);
        var pdf = Convert.FromBase64String(parts.Single(p => p.Headers.Contains("application/pdf", StringComparison.Ordinal)).Body);
        Assert.StartsWith("%PDF-", Encoding.ASCII.GetString(pdf[..5]), StringComparison.Ordinal);
        var html = Encoding.UTF8.GetString(Convert.FromBase64String(parts.Single(p => p.Headers.Contains("text/html", StringComparison.Ordinal)).Body));
        Assert.Contains("ETH", html, StringComparison.Ordinal);
        Assert.DoesNotContain(">BTC<", html, StringComparison.Ordinal);
        Assert.Contains("(Asia/Tokyo)", html, StringComparison.Ordinal);

        // The unsubscribe link works without an API key and stops further deliveries to that address.
        var link = WebUtility.HtmlDecode(UnsubscribeLink().Match(html).Groups[1].Value);
        Assert.StartsWith(service.BaseUrl + "/unsubscribe?", link, StringComparison.Ordinal);
        using (var tampered = await service.Anonymous.GetAsync(link.Replace("&t=", "&t=x", StringComparison.Ordinal)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, tampered.StatusCode);
        }

        using (var unsubscribe = await service.Anonymous.GetAsync(link))
        {
            Assert.Equal(HttpStatusCode.OK, unsubscribe.StatusCode);
        }

        var subscription = await service.Client.GetFromJsonAsync<JsonElement>($"/api/subscriptions/{id}");
        Assert.True(subscription.GetProperty("recipients")[0].GetProperty("unsubscribed").GetBoolean());
        var again = await SendTestAsync(id);
        Assert.Equal(0, again.GetProperty("deliveries").GetArrayLength());
    }

    [Fact]
    public async Task Webhook_is_signed_carries_the_headline_figures_and_is_retried_after_a_server_error()
    {
        await EnsureABriefExistsAsync();
        var port = FreePort.Next();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var received = new List<(string Signature, string Timestamp, string Key, byte[] Body)>();
        var answers = new Queue<int>([500, 200]);
        var serving = Task.Run(async () =>
        {
            while (answers.Count > 0)
            {
                var context = await listener.GetContextAsync();
                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                lock (received)
                {
                    received.Add((context.Request.Headers[WebhookSignature.SignatureHeader] ?? "", context.Request.Headers[WebhookSignature.TimestampHeader] ?? "",
                        context.Request.Headers[WebhookSignature.IdempotencyHeader] ?? "", body.ToArray()));
                }

                context.Response.StatusCode = answers.Dequeue();
                context.Response.Close();
            }
        });

        var id = "hook-" + Guid.NewGuid().ToString("N")[..8];
        var created = await SubscribeAsync(new { id, name = "Bot", scheduleId = "flash", recipients = new[] { new { channel = "webhook", address = $"http://127.0.0.1:{port}/briefs" } } });
        var secret = created.GetProperty("webhookSecret").GetString()!;
        var deliveryId = (await SendTestAsync(id)).GetProperty("deliveries")[0].GetString()!;

        var delivery = await WaitSentAsync(deliveryId);
        await serving.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("sent", delivery.GetProperty("status").GetString());
        Assert.Equal(2, delivery.GetProperty("attempts").GetInt32());
        Assert.Equal(2, received.Count);
        Assert.All(received, r => Assert.Equal(deliveryId, r.Key));
        Assert.All(received, r => Assert.True(WebhookSignature.Verify(secret, r.Timestamp, r.Body, r.Signature), "signature does not verify"));
        Assert.False(WebhookSignature.Verify(secret + "x", received[1].Timestamp, received[1].Body, received[1].Signature));
        var payload = JsonDocument.Parse(received[1].Body).RootElement;
        var brief = payload.GetProperty("brief");
        Assert.True(brief.GetProperty("liquidationsUsd").GetDouble() > 0);
        Assert.Contains("BTC", brief.GetProperty("prices").EnumerateArray().Select(p => p.GetProperty("asset").GetString()));
        Assert.StartsWith(service.BaseUrl + "/api/briefs/", brief.GetProperty("pdfUrl").GetString(), StringComparison.Ordinal);
        Assert.Equal(brief.GetProperty("headline").GetString(), (await service.Client.GetFromJsonAsync<JsonElement>($"/api/briefs/{brief.GetProperty("id").GetString()}")).GetProperty("headline").GetString());
    }

    [Fact]
    public async Task A_webhook_that_never_answers_is_given_up_after_the_attempts_and_the_owner_is_told()
    {
        await EnsureABriefExistsAsync();
        var closedPort = FreePort.Next();
        var id = "dead-" + Guid.NewGuid().ToString("N")[..8];
        await SubscribeAsync(new { id, name = "Gone", scheduleId = "flash", recipients = new[] { new { channel = "webhook", address = $"http://127.0.0.1:{closedPort}/x" } } });

        var deliveryId = (await SendTestAsync(id)).GetProperty("deliveries")[0].GetString()!;
        var delivery = await WaitSentAsync(deliveryId);

        Assert.Equal("failed", delivery.GetProperty("status").GetString());
        Assert.Equal(4, delivery.GetProperty("attempts").GetInt32());
        Assert.Contains("POST http://127.0.0.1", delivery.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        // The owner is told right after the delivery is marked failed, so the alert may trail the status by a moment.
        await Eventually.ReturnsAsync(() => service.Client.GetFromJsonAsync<JsonElement>("/api/alerts"),
            alerts => alerts.EnumerateArray().Any(a => a.GetProperty("kind").GetString() == "delivery-failed"
                                                       && a.GetProperty("message").GetString()!.Contains(deliveryId, StringComparison.Ordinal)),
            TimeSpan.FromSeconds(10), "the owner's alert about the failed delivery");
    }

    [Fact]
    public async Task Folder_delivery_writes_the_pdf_once_per_brief_and_subscription()
    {
        var done = await service.BriefAsync(new { date = ServiceFixture.FixedDay });
        var reportId = done.GetProperty("reportId").GetString()!;
        var folder = Path.Combine(service.DataDirectory, "..", "drop-" + Guid.NewGuid().ToString("N")[..6]);
        folder = Path.GetFullPath(folder);
        var scheduleId = "deliver-" + Guid.NewGuid().ToString("N")[..6];
        (await service.Client.PostAsJsonAsync("/api/schedules", new { id = scheduleId, cron = "0 0 0 1 1 ? 2099", timeZone = "UTC" })).Dispose();
        var id = "folder-" + Guid.NewGuid().ToString("N")[..6];
        await SubscribeAsync(new { id, name = "Drop", scheduleId, recipients = new[] { new { channel = "folder", address = folder } } });

        var planner = (ReportForge.Scheduler.Delivery.DeliveryPlanner)service.Services.GetService(typeof(ReportForge.Scheduler.Delivery.DeliveryPlanner))!;
        var first = await planner.PlanForScheduleAsync(reportId, scheduleId, CancellationToken.None);
        var second = await planner.PlanForScheduleAsync(reportId, scheduleId, CancellationToken.None);

        Assert.Equal(first, second);
        await WaitSentAsync(Assert.Single(first));
        var file = Assert.Single(Directory.GetFiles(folder, "*.pdf"));
        Assert.Contains(reportId, file, StringComparison.Ordinal);
        var deliveries = await service.Client.GetFromJsonAsync<JsonElement>($"/api/deliveries?subscriptionId={id}");
        Assert.Equal(1, deliveries.GetArrayLength());
    }

    [Theory]
    [InlineData("""{"name": "x", "scheduleId": "nope", "recipients": [{"channel": "email", "address": "a@example.com"}]}""", "scheduleId", "GET /api/schedules")]
    [InlineData("""{"name": "x", "scheduleId": "flash", "recipients": [{"channel": "sms", "address": "123"}]}""", "recipients[0].channel", "email, webhook or folder")]
    [InlineData("""{"name": "x", "scheduleId": "flash", "recipients": [{"channel": "email", "address": "nobody"}]}""", "recipients[0].address", "desk@example.com")]
    [InlineData("""{"name": "x", "scheduleId": "flash", "recipients": [{"channel": "webhook", "address": "ftp://x"}]}""", "recipients[0].address", "http(s) URL")]
    [InlineData("""{"name": "x", "scheduleId": "flash", "recipients": [{"channel": "folder", "address": "relative/dir"}]}""", "recipients[0].address", "absolute")]
    [InlineData("""{"name": "x", "scheduleId": "flash", "recipients": [{"channel": "email", "address": "a@example.com", "timeZone": "Moon/Base"}]}""", "recipients[0].timeZone", "IANA")]
    [InlineData("""{"name": "x", "scheduleId": "flash", "recipients": []}""", "recipients", "1–500")]
    public async Task Subscription_with_bad_input_names_the_field(string body, string field, string fix)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await service.Client.PostAsync("/api/subscriptions", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(problem.GetProperty("errors").GetProperty(field).EnumerateArray(), m => m.GetString()!.Contains(fix, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unknown_subscription_and_delivery_are_404()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await service.Client.GetAsync("/api/subscriptions/ghost")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await service.Client.PostAsync("/api/subscriptions/ghost/test", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await service.Client.DeleteAsync("/api/subscriptions/ghost")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await service.Client.GetAsync("/api/deliveries/ghost")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await service.Client.PostAsync("/api/deliveries/ghost/retry", null)).StatusCode);
    }

    private static List<(string Headers, string Body)> MimeParts(string message)
    {
        var boundary = Boundary().Match(message).Groups[1].Value;
        return message.Split("--" + boundary, StringSplitOptions.None)
            .Skip(1).Where(p => !p.StartsWith("--", StringComparison.Ordinal))
            .Select(p =>
            {
                var split = p.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                return (p[..split], p[(split + 4)..].Replace("\r\n", "", StringComparison.Ordinal).Trim());
            }).ToList();
    }

    [GeneratedRegex("boundary=\"([^\"]+)\"")]
    private static partial Regex Boundary();

    [GeneratedRegex("href=\"([^\"]*unsubscribe[^\"]*)\"")]
    private static partial Regex UnsubscribeLink();
}
