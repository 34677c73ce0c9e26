using System.Security.Cryptography;
using System.Text;

namespace ReportForge.Scheduler.Delivery.Webhook;

/// <summary>The HMAC-SHA256 signature of a webhook: over "&lt;timestamp&gt;.&lt;body&gt;" with the subscription's secret.</summary>
public static class WebhookSignature
{
    public const string SignatureHeader = "X-ReportForge-Signature";
    public const string TimestampHeader = "X-ReportForge-Timestamp";
    public const string IdempotencyHeader = "Idempotency-Key";

    /// <summary>"sha256=" followed by the lower-case hex HMAC.</summary>
    public static string Sign(string secret, string timestamp, byte[] body)
    {
        var message = new byte[Encoding.UTF8.GetByteCount(timestamp) + 1 + body.Length];
        var written = Encoding.UTF8.GetBytes(timestamp, message);
        message[written] = (byte)'.';
        body.CopyTo(message, written + 1);
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message));
    }

    /// <summary>Constant-time check of a received signature (what a receiver does).</summary>
    public static bool Verify(string secret, string timestamp, byte[] body, string signature) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(secret, timestamp, body)), Encoding.ASCII.GetBytes(signature));
}
