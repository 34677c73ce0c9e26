using System.Globalization;
using System.Text;

namespace ReportForge.Scheduler.Delivery.Email;

/// <summary>One email: HTML body and attachments.</summary>
public sealed record EmailMessage(
    string From,
    string To,
    string Subject,
    string Html,
    string MessageId,
    DateTimeOffset Date,
    string? ListUnsubscribe,
    IReadOnlyList<EmailAttachment> Attachments);

/// <summary>A file attached to an email.</summary>
public sealed record EmailAttachment(string FileName, string ContentType, byte[] Content);

/// <summary>Writes an email as MIME: multipart/mixed with a base64 HTML part and base64 attachments, CRLF line ends.</summary>
public static class MimeMessageWriter
{
    public static byte[] Write(EmailMessage message)
    {
        var boundary = "rf-" + Guid.NewGuid().ToString("N");
        var text = new StringBuilder();
        Header(text, "From", message.From);
        Header(text, "To", message.To);
        Header(text, "Subject", EncodeWord(message.Subject));
        Header(text, "Date", message.Date.ToString("ddd, dd MMM yyyy HH:mm:ss +0000", CultureInfo.InvariantCulture));
        Header(text, "Message-ID", message.MessageId);
        Header(text, "MIME-Version", "1.0");
        if (message.ListUnsubscribe is { } unsubscribe)
        {
            Header(text, "List-Unsubscribe", $"<{unsubscribe}>");
        }

        Header(text, "Content-Type", $"multipart/mixed; boundary=\"{boundary}\"");
        text.Append("\r\n");
        text.Append("--").Append(boundary).Append("\r\n");
        Header(text, "Content-Type", "text/html; charset=utf-8");
        Header(text, "Content-Transfer-Encoding", "base64");
        text.Append("\r\n");
        Base64Lines(text, Encoding.UTF8.GetBytes(message.Html));
        foreach (var attachment in message.Attachments)
        {
            text.Append("--").Append(boundary).Append("\r\n");
            Header(text, "Content-Type", $"{attachment.ContentType}; name=\"{attachment.FileName}\"");
            Header(text, "Content-Disposition", $"attachment; filename=\"{attachment.FileName}\"");
            Header(text, "Content-Transfer-Encoding", "base64");
            text.Append("\r\n");
            Base64Lines(text, attachment.Content);
        }

        text.Append("--").Append(boundary).Append("--\r\n");
        return Encoding.ASCII.GetBytes(text.ToString());
    }

    /// <summary>RFC 2047 encoded-word for a non-ASCII header value.</summary>
    public static string EncodeWord(string value) =>
        value.All(c => c is >= ' ' and <= '~') ? value : "=?utf-8?B?" + Convert.ToBase64String(Encoding.UTF8.GetBytes(value)) + "?=";

    private static void Header(StringBuilder text, string name, string value) =>
        text.Append(name).Append(": ").Append(value.Replace("\r", "", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal)).Append("\r\n");

    private static void Base64Lines(StringBuilder text, byte[] content)
    {
        var base64 = Convert.ToBase64String(content);
        for (var i = 0; i < base64.Length; i += 76)
        {
            text.Append(base64, i, Math.Min(76, base64.Length - i)).Append("\r\n");
        }
    }
}
