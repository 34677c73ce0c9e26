using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using ReportForge.Scheduler.Service;

namespace ReportForge.Scheduler.Delivery;

/// <summary>Signed unsubscribe links: the token is an HMAC of subscription, channel and address with a key kept in the data folder.</summary>
public sealed class UnsubscribeLinks
{
    private readonly byte[] _key;
    private readonly string _baseUrl;

    public UnsubscribeLinks(IOptions<ServiceOptions> options)
    {
        _baseUrl = options.Value.PublicBaseUrl.TrimEnd('/');
        var path = Path.Combine(Path.GetFullPath(options.Value.DataDirectory), "unsubscribe.key");
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var temporary = path + ".tmp-" + Guid.NewGuid().ToString("N")[..8];
            File.WriteAllBytes(temporary, RandomNumberGenerator.GetBytes(32));
            try
            {
                File.Move(temporary, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                File.Delete(temporary);
            }
        }

        _key = File.ReadAllBytes(path);
    }

    public string LinkFor(string subscriptionId, string channel, string address) =>
        $"{_baseUrl}/unsubscribe?s={Uri.EscapeDataString(subscriptionId)}&c={Uri.EscapeDataString(channel)}&a={Uri.EscapeDataString(address)}&t={Token(subscriptionId, channel, address)}";

    public bool Verify(string subscriptionId, string channel, string address, string token) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Token(subscriptionId, channel, address)), Encoding.ASCII.GetBytes(token));

    private string Token(string subscriptionId, string channel, string address) =>
        Base64Url(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(subscriptionId + "\n" + channel + "\n" + address)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
