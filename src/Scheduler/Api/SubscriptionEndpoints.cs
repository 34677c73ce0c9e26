using System.Net.Mail;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using ReportForge.Scheduler.Api;
using ReportForge.Scheduler.Delivery;
using ReportForge.Scheduler.Flash;
using ReportForge.Scheduler.Schedules;
using ReportForge.Scheduler.Service;

namespace ReportForge.Scheduler.Api;

/// <summary>POST/PUT /api/subscriptions.</summary>
public sealed record SubscriptionBody
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public string? ScheduleId { get; init; }
    public string? WebhookSecret { get; init; }
    public List<RecipientBody>? Recipients { get; init; }
}

/// <summary>One recipient: channel (email, webhook, folder), address (email, URL, folder), assets of interest, time zone.</summary>
public sealed record RecipientBody
{
    public string? Channel { get; init; }
    public string? Address { get; init; }
    public List<string>? Assets { get; init; }
    public string? TimeZone { get; init; }
}

/// <summary>A subscription as the API shows it (the webhook secret only once, when it is created).</summary>
public sealed record SubscriptionView(string Id, string Name, string ScheduleId, bool WebhookSecretSet, string? WebhookSecret, IReadOnlyList<RecipientView> Recipients);

/// <summary>A recipient as the API shows it.</summary>
public sealed record RecipientView(string Channel, string Address, IReadOnlyList<string> Assets, string? TimeZone, bool Unsubscribed);

/// <summary>A delivery as the API shows it.</summary>
public sealed record DeliveryView(
    string Id, string ReportId, string SubscriptionId, string Channel, string Recipient, bool Test, string Status, int Attempts,
    DateTimeOffset NextAttemptAt, string? LastError, DateTimeOffset CreatedAt, DateTimeOffset? SentAt);

/// <summary>Subscriptions, "send test", deliveries, alerts and the unsubscribe link.</summary>
internal static partial class SubscriptionEndpoints
{
    public static void Map(RouteGroupBuilder api, IEndpointRouteBuilder app)
    {
        var subscriptions = api.MapGroup("/subscriptions").WithTags("Subscriptions");
        subscriptions.MapGet("/", async (SubscriptionStore store, CancellationToken ct) => Results.Ok((await store.AllAsync(ct)).Select(s => View(s, null)).ToList()))
            .WithSummary("Every subscription.").Produces<List<SubscriptionView>>();
        subscriptions.MapGet("/{id}", async (string id, SubscriptionStore store, CancellationToken ct) =>
                await store.FindAsync(id, ct) is { } s ? Results.Ok(View(s, null)) : UnknownSubscription(id))
            .WithSummary("One subscription.").Produces<SubscriptionView>().ProducesProblem(404);
        subscriptions.MapPost("/", (HttpRequest request, SubscriptionStore store, ScheduleStore schedules, IOptions<ServiceOptions> options, TimeProvider clock, CancellationToken ct) =>
                SaveAsync(null, request, store, schedules, options, clock, ct))
            .WithSummary("Subscribe recipients to a schedule's briefs (scheduleId \"flash\" for flash briefs).")
            .Accepts<SubscriptionBody>("application/json").Produces<SubscriptionView>(201).ProducesProblem(400).ProducesProblem(409);
        subscriptions.MapPut("/{id}", (string id, HttpRequest request, SubscriptionStore store, ScheduleStore schedules, IOptions<ServiceOptions> options, TimeProvider clock, CancellationToken ct) =>
                SaveAsync(id, request, store, schedules, options, clock, ct))
            .WithSummary("Replace a subscription.").Accepts<SubscriptionBody>("application/json").Produces<SubscriptionView>().ProducesProblem(400).ProducesProblem(404);
        subscriptions.MapDelete("/{id}", async (string id, SubscriptionStore store, CancellationToken ct) =>
                await store.DeleteAsync(id, ct) ? Results.NoContent() : UnknownSubscription(id))
            .WithSummary("Delete a subscription.").Produces(204).ProducesProblem(404);
        subscriptions.MapPost("/{id}/test", async (string id, SubscriptionStore store, DeliveryPlanner planner, CancellationToken ct) =>
            {
                if (await store.FindAsync(id, ct) is not { } subscription)
                {
                    return UnknownSubscription(id);
                }

                return await planner.PlanTestAsync(subscription, ct) is { } deliveries
                    ? Results.Accepted($"/api/deliveries?subscriptionId={id}", new { subscriptionId = id, deliveries })
                    : Problems.Conflict("id", "The archive holds no brief yet: ask for one with POST /api/briefs, then send the test again.", "Nothing to send");
            })
            .WithSummary("Send test: deliver the latest brief to every recipient of this subscription now.").Produces(202).ProducesProblem(404).ProducesProblem(409);

        var deliveries = api.MapGroup("/deliveries").WithTags("Deliveries");
        deliveries.MapGet("/", async (string? reportId, string? subscriptionId, string? status, DeliveryStore store, CancellationToken ct) =>
                Results.Ok((await store.ListAsync(reportId, subscriptionId, status, 500, ct)).Select(View).ToList()))
            .WithSummary("Deliveries, newest first, by brief, subscription or status.").Produces<List<DeliveryView>>();
        deliveries.MapGet("/{id}", async (string id, DeliveryStore store, CancellationToken ct) =>
                await store.FindAsync(id, ct) is { } d ? Results.Ok(View(d)) : Problems.NotFound("delivery", id, "List deliveries with GET /api/deliveries."))
            .WithSummary("One delivery with its status, attempts and last error.").Produces<DeliveryView>().ProducesProblem(404);
        deliveries.MapPost("/{id}/retry", async (string id, DeliveryStore store, DeliverySignal signal, CancellationToken ct) =>
            {
                if (await store.FindAsync(id, ct) is not { } delivery)
                {
                    return Problems.NotFound("delivery", id, "List deliveries with GET /api/deliveries.");
                }

                if (!await store.RetryAsync(id, ct))
                {
                    return Problems.Conflict("id", $"Delivery {id} is {delivery.Status}; only failed or uncertain deliveries are retried by hand.", "Nothing to retry");
                }

                signal.Wake();
                return Results.Accepted($"/api/deliveries/{id}");
            })
            .WithSummary("Send a failed or uncertain delivery again.").Produces(202).ProducesProblem(404).ProducesProblem(409);

        api.MapGet("/alerts", async (OwnerAlerts alerts, CancellationToken ct) => Results.Ok(await alerts.RecentAsync(100, ct)))
            .WithTags("Alerts").WithSummary("What the owner was told: retries exhausted, deliveries given up.").Produces<List<Alert>>();

        app.MapGet("/unsubscribe", async (string? s, string? c, string? a, string? t, UnsubscribeLinks links, SubscriptionStore store, CancellationToken ct) =>
            {
                if (s is null || c is null || a is null || t is null || !links.Verify(s, c, a, t))
                {
                    return Problems.Field("t", "This unsubscribe link is incomplete or was changed: use the link from the email as it is.", StatusCodes.Status400BadRequest, "Invalid unsubscribe link");
                }

                await store.UnsubscribeAsync(s, c, a, ct);
                return Results.Content(
                    $"<!doctype html><html lang=\"en\"><body style=\"font-family:sans-serif\"><p>{System.Net.WebUtility.HtmlEncode(a)} will receive no more briefs from this subscription.</p></body></html>",
                    "text/html; charset=utf-8");
            })
            .WithTags("Subscriptions").WithSummary("The link in every email: stops deliveries to that recipient (signed, no API key needed).").ExcludeFromDescription();
    }

    private static async Task<IResult> SaveAsync(
        string? urlId, HttpRequest request, SubscriptionStore store, ScheduleStore schedules, IOptions<ServiceOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        var existing = urlId is null ? null : await store.FindAsync(urlId, cancellationToken);
        if (urlId is not null && existing is null)
        {
            return UnknownSubscription(urlId);
        }

        var (body, problem) = await JsonBody.ReadAsync<SubscriptionBody>(request, options.Value.Api.MaxBodyBytes, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var id = urlId ?? body!.Id ?? Guid.NewGuid().ToString("N")[..12];
        if (!IdPattern().IsMatch(id))
        {
            errors["id"] = [$"'{id}' is not a subscription id: use 1–64 lower-case letters, digits and dashes."];
        }

        if (urlId is not null && body!.Id is { } bodyId && bodyId != urlId)
        {
            errors["id"] = [$"The body names subscription '{bodyId}' but the URL names '{urlId}': leave id out, or make them match."];
        }

        if (string.IsNullOrWhiteSpace(body!.Name) || body.Name.Length > 200)
        {
            errors["name"] = ["Give the subscription a name of 1–200 characters, e.g. \"Trading desk\"."];
        }

        if (string.IsNullOrWhiteSpace(body.ScheduleId))
        {
            errors["scheduleId"] = ["Name the schedule whose briefs are delivered (see GET /api/schedules), or \"flash\" for flash briefs."];
        }
        else if (body.ScheduleId != FlashWatcher.Rule && await schedules.FindAsync(body.ScheduleId, cancellationToken) is null)
        {
            errors["scheduleId"] = [$"No schedule '{body.ScheduleId}': list them with GET /api/schedules, or use \"flash\" for flash briefs."];
        }

        var recipients = body.Recipients ?? [];
        if (recipients.Count is 0 or > 500)
        {
            errors["recipients"] = ["Give 1–500 recipients, each {\"channel\": \"email\", \"address\": \"desk@example.com\"} (or webhook with a URL, folder with a path)."];
        }

        var valid = new List<SubscriptionRecipient>();
        for (var i = 0; i < recipients.Count; i++)
        {
            if (ValidateRecipient(recipients[i], $"recipients[{i}]", errors) is { } recipient)
            {
                valid.Add(recipient);
            }
        }

        if (valid.GroupBy(r => (r.Channel, r.Address)).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            errors["recipients"] = [$"{duplicate.Key.Address} is listed twice on {duplicate.Key.Channel}; list each recipient once."];
        }

        if (body.WebhookSecret is { Length: > 0 and < 16 })
        {
            errors["webhookSecret"] = ["A webhook secret has at least 16 characters; leave it out to have one generated."];
        }

        if (errors.Count > 0)
        {
            return Problems.Fields(errors);
        }

        if (urlId is null && await store.FindAsync(id, cancellationToken) is not null)
        {
            return Problems.Conflict("id", $"A subscription '{id}' exists already: change it with PUT /api/subscriptions/{id}.", "The subscription exists");
        }

        var hasWebhook = valid.Any(r => r.Channel == Channels.Webhook);
        var newSecret = hasWebhook && string.IsNullOrEmpty(body.WebhookSecret) && existing?.WebhookSecret is null ? Api.ApiKeys.Generate() : null;
        var secret = body.WebhookSecret is { Length: > 0 } given ? given : newSecret ?? existing?.WebhookSecret;
        var subscription = new Subscription(id, body.Name!.Trim(), body.ScheduleId!, secret, existing?.CreatedAt ?? clock.GetUtcNow().ToUnixTimeMilliseconds(), valid);
        await store.SaveAsync(subscription, cancellationToken);
        var view = View(subscription, newSecret);
        return urlId is null ? Results.Created($"/api/subscriptions/{id}", view) : Results.Ok(view);
    }

    private static SubscriptionRecipient? ValidateRecipient(RecipientBody recipient, string field, Dictionary<string, string[]> errors)
    {
        var channel = recipient.Channel ?? "";
        var address = recipient.Address?.Trim() ?? "";
        if (!Channels.All.Contains(channel))
        {
            errors[field + ".channel"] = [$"'{channel}' is not a channel: use email, webhook or folder."];
            return null;
        }

        var ok = channel switch
        {
            Channels.Email => MailAddress.TryCreate(address, out var mail) && mail.Address == address,
            Channels.Webhook => Uri.TryCreate(address, UriKind.Absolute, out var url) && url.Scheme is "http" or "https",
            _ => Path.IsPathFullyQualified(address),
        };
        if (!ok)
        {
            errors[field + ".address"] = [channel switch
            {
                Channels.Email => $"'{address}' is not an email address: write it like desk@example.com.",
                Channels.Webhook => $"'{address}' is not an http(s) URL: write it like https://example.com/hooks/briefs.",
                _ => $"'{address}' is not an absolute folder path: write it like /srv/briefs.",
            }];
            return null;
        }

        if (recipient.TimeZone is { } tz && !ScheduleValidation.IsKnownTimeZone(tz))
        {
            errors[field + ".timeZone"] = [$"'{tz}' is not a known IANA time zone: use e.g. Europe/London."];
            return null;
        }

        var assets = recipient.Assets ?? [];
        if (assets.FirstOrDefault(a => !AssetPattern().IsMatch(a)) is { } badAsset)
        {
            errors[field + ".assets"] = [$"'{badAsset}' is not an asset symbol: use upper-case tickers such as BTC, ETH, SOL."];
            return null;
        }

        return new SubscriptionRecipient { Channel = channel, Address = address, AssetsJson = JsonSerializer.Serialize(assets), TimeZone = recipient.TimeZone };
    }

    private static SubscriptionView View(Subscription subscription, string? shownSecret) => new(
        subscription.Id, subscription.Name, subscription.ScheduleId, subscription.WebhookSecret is not null, shownSecret,
        subscription.Recipients.Select(r => new RecipientView(r.Channel, r.Address, DeliveryPlanner.AssetsOf(r.AssetsJson), r.TimeZone, r.UnsubscribedAt is not null)).ToList());

    private static DeliveryView View(DeliveryRecord d) => new(
        d.Id, d.ReportId, d.SubscriptionId, d.Channel, d.Recipient, d.TestId.Length > 0, d.Status, d.Attempts,
        DateTimeOffset.FromUnixTimeMilliseconds(d.NextAttemptAt), d.LastError, DateTimeOffset.FromUnixTimeMilliseconds(d.CreatedAt),
        d.SentAt is { } s ? DateTimeOffset.FromUnixTimeMilliseconds(s) : null);

    private static IResult UnknownSubscription(string id) => Problems.NotFound("subscription", id, "List them with GET /api/subscriptions.");

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[A-Z0-9]{1,15}$")]
    private static partial Regex AssetPattern();
}
