using System.Net.Http.Json;
using Dapper;
using Microsoft.Extensions.Options;
using ReportForge.Data.Storage;
using ReportForge.Scheduler.Delivery.Email;
using ReportForge.Scheduler.Delivery.Webhook;

namespace ReportForge.Scheduler.Service;

/// <summary>One thing the owner was told.</summary>
public sealed record Alert
{
    public long Id { get; init; }
    public long At { get; init; }
    public string Kind { get; init; } = "";
    public string Subject { get; init; } = "";
    public string Message { get; init; } = "";
    public string? Notified { get; init; }
}

/// <summary>Records alerts (retries exhausted, a delivery given up) and tells the owner by email and/or webhook when configured.</summary>
public sealed class OwnerAlerts(
    ReportForgeDatabase database,
    SmtpMailer mailer,
    IHttpClientFactory clients,
    IOptions<ServiceOptions> options,
    TimeProvider clock,
    ILogger<OwnerAlerts> logger)
{
    public async Task RaiseAsync(string kind, string subject, string message, CancellationToken cancellationToken)
    {
        logger.LogError("{Subject}: {Message}", subject, message);
        var notified = new List<string>();
        var owner = options.Value.Owner;
        if (!string.IsNullOrWhiteSpace(owner.Email) && !string.IsNullOrWhiteSpace(options.Value.Delivery.Smtp.Host))
        {
            try
            {
                var from = options.Value.Delivery.Smtp.From;
                var mail = MimeMessageWriter.Write(new EmailMessage(from, owner.Email, "[ReportForge alert] " + subject,
                    $"<p><strong>{System.Net.WebUtility.HtmlEncode(subject)}</strong></p><p>{System.Net.WebUtility.HtmlEncode(message)}</p>",
                    $"<alert-{Guid.NewGuid():N}@reportforge.local>", clock.GetUtcNow(), null, []));
                await mailer.SendAsync(from, [owner.Email], mail, _ => Task.CompletedTask, cancellationToken);
                notified.Add("email");
            }
            catch (Delivery.DeliveryFailedException e)
            {
                logger.LogWarning("Could not mail the alert to {Owner}: {Error}", owner.Email, e.Message);
            }
        }

        if (!string.IsNullOrWhiteSpace(owner.WebhookUrl))
        {
            try
            {
                using var response = await clients.CreateClient(WebhookChannel.HttpClientName)
                    .PostAsJsonAsync(owner.WebhookUrl, new { @event = "alert", kind, subject, message, at = clock.GetUtcNow() }, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    notified.Add("webhook");
                }
            }
            catch (HttpRequestException e)
            {
                logger.LogWarning("Could not post the alert to {Url}: {Error}", owner.WebhookUrl, e.Message);
            }
        }

        await using var connection = await database.OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO alerts (at, kind, subject, message, notified) VALUES (@at, @kind, @subject, @message, @notified)",
            new { at = clock.GetUtcNow().ToUnixTimeMilliseconds(), kind, subject, message, notified = notified.Count == 0 ? null : string.Join(",", notified) },
            cancellationToken: CancellationToken.None));
    }

    public async Task<IReadOnlyList<Alert>> RecentAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<Alert>(new CommandDefinition(
            "SELECT id AS Id, at AS At, kind AS Kind, subject AS Subject, message AS Message, notified AS Notified FROM alerts ORDER BY id DESC LIMIT @limit",
            new { limit }, cancellationToken: cancellationToken))).ToList();
    }
}
