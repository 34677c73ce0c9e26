using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Options;
using ReportForge.Scheduler.Service;

namespace ReportForge.Scheduler.Delivery.Webhook;

/// <summary>POSTs the brief's headline figures and download link as signed JSON; the delivery id is the Idempotency-Key, so a repeat is detectable.</summary>
public sealed class WebhookChannel(IHttpClientFactory clients, IOptions<ServiceOptions> options, TimeProvider clock) : IDeliveryChannel
{
    public const string HttpClientName = "webhooks";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Name => Channels.Webhook;

    public async Task SendAsync(DeliveryEnvelope envelope, Func<CancellationToken, Task> committing, CancellationToken cancellationToken)
    {
        var (delivery, report, subscription) = envelope;
        if (!Uri.TryCreate(delivery.Recipient, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            throw new DeliveryFailedException($"'{delivery.Recipient}' is not an http(s) URL.", permanent: true);
        }

        var digest = BriefDigest.Of(report);
        var baseUrl = options.Value.PublicBaseUrl.TrimEnd('/');
        var body = JsonSerializer.SerializeToUtf8Bytes(new
        {
            @event = "brief.published",
            deliveryId = delivery.Id,
            test = delivery.TestId.Length > 0,
            brief = new
            {
                id = report.Id,
                date = digest.Date,
                windowStart = report.WindowStart,
                windowEnd = report.WindowEnd,
                timeZone = report.TimeZone,
                headline = report.Headline,
                liquidationsUsd = digest.LiquidationsUsd,
                longUsd = digest.LongUsd,
                shortUsd = digest.ShortUsd,
                largest = digest.Largest,
                prices = digest.Prices,
                pdfUrl = $"{baseUrl}/api/briefs/{report.Id}/pdf",
                htmlUrl = $"{baseUrl}/api/briefs/{report.Id}/html",
            },
        }, Json);

        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(WebhookSignature.IdempotencyHeader, delivery.Id);
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp);
        if (subscription?.WebhookSecret is { Length: > 0 } secret)
        {
            request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(secret, timestamp, body));
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.Delivery.WebhookTimeout);
        await committing(cancellationToken);
        HttpResponseMessage response;
        try
        {
            response = await clients.CreateClient(HttpClientName).SendAsync(request, timeout.Token);
        }
        catch (HttpRequestException e)
        {
            throw new DeliveryFailedException($"POST {url} failed: {e.Message}", permanent: false, e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new DeliveryFailedException($"POST {url} timed out after {options.Value.Delivery.WebhookTimeout.TotalSeconds:0} s.", permanent: false, e);
        }

        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            var status = (int)response.StatusCode;
            var permanent = status is >= 400 and < 500 && response.StatusCode is not (HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests);
            throw new DeliveryFailedException($"POST {url} answered {status} {response.ReasonPhrase}.", permanent);
        }
    }
}
