using System.Globalization;
using HandlebarsDotNet;
using Microsoft.Extensions.Options;
using ReportForge.Reporting.Templates;
using ReportForge.Scheduler.Service;

namespace ReportForge.Scheduler.Delivery.Email;

/// <summary>Mails the brief: the PDF attached, a short HTML body with the recipient's assets in their time zone, an unsubscribe link.</summary>
public sealed class EmailChannel : IDeliveryChannel
{
    private readonly SmtpMailer _mailer;
    private readonly UnsubscribeLinks _unsubscribe;
    private readonly IOptions<ServiceOptions> _options;
    private readonly TimeProvider _clock;
    private readonly HandlebarsTemplate<object, object> _body;

    public EmailChannel(SmtpMailer mailer, UnsubscribeLinks unsubscribe, IOptions<ServiceOptions> options, TimeProvider clock)
    {
        _mailer = mailer;
        _unsubscribe = unsubscribe;
        _options = options;
        _clock = clock;
        var handlebars = Handlebars.Create(new HandlebarsConfiguration { ThrowOnUnresolvedBindingExpression = true, FormatProvider = BriefFormat.Culture });
        _body = handlebars.Compile(BodyTemplate(options.Value.Delivery.EmailTemplatePath));
    }

    public string Name => Channels.Email;

    public async Task SendAsync(DeliveryEnvelope envelope, Func<CancellationToken, Task> committing, CancellationToken cancellationToken)
    {
        var (delivery, report, subscription) = envelope;
        if (report.PdfPath is null || !File.Exists(report.PdfPath))
        {
            throw new DeliveryFailedException($"The PDF of brief {report.Id} is missing from the archive.", permanent: true);
        }

        var message = Compose(envelope, await File.ReadAllBytesAsync(report.PdfPath, cancellationToken));
        await _mailer.SendAsync(_options.Value.Delivery.Smtp.From, [delivery.Recipient], MimeMessageWriter.Write(message), committing, cancellationToken);
    }

    /// <summary>The email of one delivery; its Message-ID is derived from the delivery id, so a repeat is recognisable.</summary>
    internal EmailMessage Compose(DeliveryEnvelope envelope, byte[] pdf)
    {
        var (delivery, report, subscription) = envelope;
        var digest = BriefDigest.Of(report);
        var zone = delivery.TimeZone is { } tz && TimeZoneInfo.TryFindSystemTimeZoneById(tz, out var z) ? z : TimeZoneInfo.FindSystemTimeZoneById(report.TimeZone);
        var assets = DeliveryPlanner.AssetsOf(delivery.AssetsJson);
        var moves = digest.Prices
            .Where(p => assets.Count == 0 || assets.Contains(p.Asset, StringComparer.OrdinalIgnoreCase))
            .Select(p => new Dictionary<string, object?> { ["asset"] = p.Asset, ["change"] = BriefFormat.SignedPercent(p.ChangePct) })
            .ToList();
        var unsubscribeUrl = subscription is null ? null : _unsubscribe.LinkFor(subscription.Id, delivery.Channel, delivery.Recipient);
        var brand = _options.Value.BrandName;
        var date = digest.Date.Length > 0 ? digest.Date : report.WindowStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var html = _body(new Dictionary<string, object?>
        {
            ["brand"] = brand,
            ["date"] = date,
            ["headline"] = report.Headline,
            ["moves"] = moves,
            ["windowStart"] = TimeZoneInfo.ConvertTime(report.WindowStart, zone).ToString("d MMM yyyy HH:mm", BriefFormat.Culture),
            ["windowEnd"] = TimeZoneInfo.ConvertTime(report.WindowEnd, zone).ToString("d MMM yyyy HH:mm", BriefFormat.Culture),
            ["timeZone"] = zone.Id,
            ["test"] = delivery.TestId.Length > 0,
            ["subscription"] = subscription?.Name ?? "",
            ["unsubscribeUrl"] = unsubscribeUrl,
        });
        var domain = _options.Value.Delivery.Smtp.From.Split('@') is [_, var d] && d.Length > 0 ? d : "reportforge.local";
        return new EmailMessage(
            $"{brand} <{_options.Value.Delivery.Smtp.From}>",
            delivery.Recipient,
            $"{(delivery.TestId.Length > 0 ? "[test] " : "")}{brand} brief {date}",
            html,
            $"<{delivery.Id}@{domain}>",
            _clock.GetUtcNow(),
            unsubscribeUrl,
            [new EmailAttachment($"reportforge-{date}.pdf", "application/pdf", pdf)]);
    }

    private static string BodyTemplate(string? folder)
    {
        if (folder is not null && File.Exists(Path.Combine(folder, "email-body.hbs")))
        {
            return File.ReadAllText(Path.Combine(folder, "email-body.hbs"));
        }

        using var stream = typeof(EmailChannel).Assembly.GetManifestResourceStream("ReportForge.Scheduler.Delivery.Email.email-body.hbs")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
