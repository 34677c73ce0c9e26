using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Extensions.Options;
using ReportForge.Scheduler.Service;

namespace ReportForge.Scheduler.Delivery.Email;

/// <summary>A small SMTP client: EHLO, STARTTLS, AUTH PLAIN or LOGIN, MAIL FROM, RCPT TO, DATA (dot-stuffed), QUIT.</summary>
/// <remarks>
/// Written here rather than using System.Net.Mail.SmtpClient, which Microsoft no longer recommends for new
/// code, whose certificate hook is process-wide (ServicePointManager), and which hides the reply codes a
/// retry policy needs (4xx: try again; 5xx: give up) and the moment the relay takes the message, which is
/// what lets a crash be resolved without sending twice.
/// </remarks>
public sealed class SmtpMailer(IOptions<ServiceOptions> options)
{
    /// <summary>Sends one message; <paramref name="committing"/> runs just before the end-of-data that makes the relay take it.</summary>
    /// <exception cref="DeliveryFailedException">Connection, TLS, authentication or a refusal; permanent for 5xx replies and missing configuration.</exception>
    public async Task SendAsync(string from, IReadOnlyList<string> recipients, byte[] message, Func<CancellationToken, Task> committing, CancellationToken cancellationToken)
    {
        var smtp = options.Value.Delivery.Smtp;
        if (string.IsNullOrWhiteSpace(smtp.Host))
        {
            throw new DeliveryFailedException("No SMTP relay is configured: set ReportForge:Delivery:Smtp:Host (and Port, Username, Password).", permanent: true);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(smtp.Timeout);
        var token = timeout.Token;
        try
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(smtp.Host, smtp.Port, token);
            Stream stream = tcp.GetStream();
            using var plain = new SmtpSession(stream);
            using var secure = new SecureSlot();
            var session = plain;
            await session.ExpectAsync(220, token);
            var ehlo = await session.CommandAsync("EHLO " + ClientName(), 250, token);
            if (smtp.StartTls)
            {
                if (!ehlo.Any(l => l.StartsWith("STARTTLS", StringComparison.OrdinalIgnoreCase)))
                {
                    throw new DeliveryFailedException($"The relay {smtp.Host}:{smtp.Port} does not offer STARTTLS; credentials are never sent in clear. Set Smtp:StartTls to false only for a relay on this machine.", permanent: true);
                }

                await session.CommandAsync("STARTTLS", 220, token);
                var tls = secure.Tls = new SslStream(stream, leaveInnerStreamOpen: false, ValidateCertificate);
                await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = smtp.Host }, token);
                stream = tls;
                session = secure.Session = new SmtpSession(tls);
                ehlo = await session.CommandAsync("EHLO " + ClientName(), 250, token);
            }

            if (!string.IsNullOrEmpty(smtp.Username))
            {
                await AuthenticateAsync(session, ehlo, smtp.Username, smtp.Password ?? "", token);
            }

            await session.CommandAsync($"MAIL FROM:<{from}>", 250, token);
            foreach (var recipient in recipients)
            {
                await session.CommandAsync($"RCPT TO:<{recipient}>", 250, token, 251);
            }

            await session.CommandAsync("DATA", 354, token);
            await session.WriteDataAsync(message, token);
            await committing(cancellationToken);
            await session.CommandAsync(".", 250, token);
            try
            {
                await session.CommandAsync("QUIT", 221, token);
            }
            catch (Exception e) when (e is SmtpReplyException or IOException)
            {
                // The message is accepted; a relay that drops the connection at QUIT changes nothing.
            }
        }
        catch (SmtpReplyException e)
        {
            throw new DeliveryFailedException($"The relay {smtp.Host}:{smtp.Port} refused: {e.Message}", permanent: e.Code >= 500, e);
        }
        catch (Exception e) when (e is SocketException or IOException or System.Security.Authentication.AuthenticationException)
        {
            throw new DeliveryFailedException($"Could not talk to the relay {smtp.Host}:{smtp.Port}: {e.Message}", permanent: false, e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new DeliveryFailedException($"The relay {smtp.Host}:{smtp.Port} did not answer within {smtp.Timeout.TotalSeconds:0} s.", permanent: false, e);
        }
    }

    private static async Task AuthenticateAsync(SmtpSession session, IReadOnlyList<string> ehlo, string username, string password, CancellationToken token)
    {
        var mechanisms = ehlo.Where(l => l.StartsWith("AUTH", StringComparison.OrdinalIgnoreCase))
            .SelectMany(l => l[4..].TrimStart(' ', '=').Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(m => m.ToUpperInvariant()).ToHashSet(StringComparer.Ordinal);
        if (mechanisms.Contains("PLAIN"))
        {
            var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes("\0" + username + "\0" + password));
            await session.CommandAsync("AUTH PLAIN " + credentials, 235, token);
        }
        else if (mechanisms.Contains("LOGIN"))
        {
            await session.CommandAsync("AUTH LOGIN", 334, token);
            await session.CommandAsync(Convert.ToBase64String(Encoding.UTF8.GetBytes(username)), 334, token);
            await session.CommandAsync(Convert.ToBase64String(Encoding.UTF8.GetBytes(password)), 235, token);
        }
        else
        {
            throw new DeliveryFailedException($"The relay offers no AUTH PLAIN or LOGIN (offers: {string.Join(", ", mechanisms)}).", permanent: true);
        }
    }

    private bool ValidateCertificate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        // A relay with a private certificate: trust the configured PEM as a root, but still require the host name to match.
        var trusted = options.Value.Delivery.Smtp.TrustedCertificatePath;
        if (errors != SslPolicyErrors.RemoteCertificateChainErrors || certificate is null || string.IsNullOrEmpty(trusted) || !File.Exists(trusted))
        {
            return false;
        }

        using var root = X509Certificate2.CreateFromPem(File.ReadAllText(trusted));
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.Add(root);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return custom.Build(leaf);
    }

    private static string ClientName()
    {
        var name = System.Net.Dns.GetHostName();
        return string.IsNullOrWhiteSpace(name) ? "localhost" : name;
    }

    /// <summary>Holds the session opened after STARTTLS so it is disposed with the connection.</summary>
    private sealed class SecureSlot : IDisposable
    {
        public SmtpSession? Session { get; set; }

        public SslStream? Tls { get; set; }

        public void Dispose()
        {
            Session?.Dispose();
            Tls?.Dispose();
        }
    }

    /// <summary>Replies and commands on one stream (a new session after STARTTLS: nothing read before it is trusted after).</summary>
    private sealed class SmtpSession(Stream stream) : IDisposable
    {
        private readonly StreamReader _reader = new(stream, Encoding.ASCII, detectEncodingFromByteOrderMarks: false, bufferSize: 1024, leaveOpen: true);

        public void Dispose() => _reader.Dispose();

        public async Task<IReadOnlyList<string>> CommandAsync(string command, int expected, CancellationToken token, int alsoAccepted = 0)
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes(command + "\r\n"), token);
            await stream.FlushAsync(token);
            return await ExpectAsync(expected, token, alsoAccepted);
        }

        public async Task<IReadOnlyList<string>> ExpectAsync(int expected, CancellationToken token, int alsoAccepted = 0)
        {
            var lines = new List<string>();
            int code;
            while (true)
            {
                var line = await _reader.ReadLineAsync(token) ?? throw new IOException("The relay closed the connection.");
                if (line.Length < 3 || !int.TryParse(line.AsSpan(0, 3), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out code))
                {
                    throw new IOException($"The relay sent a malformed reply: '{line}'.");
                }

                lines.Add(line.Length > 4 ? line[4..] : "");
                if (line.Length == 3 || line[3] != '-')
                {
                    break;
                }
            }

            if (code != expected && code != alsoAccepted)
            {
                throw new SmtpReplyException(code, string.Join(" ", lines));
            }

            return lines;
        }

        /// <summary>Writes the message with CRLF line ends, dot-stuffed, ending in CRLF (the "." follows as its own command).</summary>
        public async Task WriteDataAsync(byte[] message, CancellationToken token)
        {
            var stuffed = DotStuff(message);
            await stream.WriteAsync(stuffed, token);
            await stream.FlushAsync(token);
        }
    }

    /// <summary>Doubles a dot at the start of any line, so no line of the message can end the DATA early.</summary>
    internal static byte[] DotStuff(byte[] message)
    {
        var output = new MemoryStream(message.Length + 64);
        var lineStart = true;
        for (var i = 0; i < message.Length; i++)
        {
            var b = message[i];
            if (lineStart && b == (byte)'.')
            {
                output.WriteByte((byte)'.');
            }

            output.WriteByte(b);
            lineStart = b == (byte)'\n';
        }

        if (message.Length < 2 || message[^2] != '\r' || message[^1] != '\n')
        {
            output.Write("\r\n"u8);
        }

        return output.ToArray();
    }
}

/// <summary>The relay answered with an unexpected reply code.</summary>
public sealed class SmtpReplyException(int code, string text) : Exception($"{code} {text}")
{
    public int Code { get; } = code;
}
