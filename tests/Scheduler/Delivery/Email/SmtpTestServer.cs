using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ReportForge.Scheduler.Tests.TestSupport;
using ReportForge.Tests;

namespace ReportForge.Scheduler.Tests.Delivery.Email;

/// <summary>aiosmtpd in its own process on 127.0.0.1, with a fresh self-signed certificate: STARTTLS and AUTH required.</summary>
public sealed class SmtpTestServer : IDisposable
{
    public const string User = "relay-user";
    public const string Password = "relay-password-1";

    private readonly Process _process;

    public SmtpTestServer(string folder)
    {
        Directory.CreateDirectory(folder);
        MailFolder = Path.Combine(folder, "mail");
        Directory.CreateDirectory(MailFolder);
        CertificatePath = Path.Combine(folder, "relay-cert.pem");
        var keyPath = Path.Combine(folder, "relay-key.pem");
        using (var rsa = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=127.0.0.1", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            names.AddDnsName("localhost");
            request.CertificateExtensions.Add(names.Build());
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
            File.WriteAllText(CertificatePath, certificate.ExportCertificatePem());
            File.WriteAllText(keyPath, rsa.ExportPkcs8PrivateKeyPem());
        }

        Port = FreePort.Next();
        var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
        var script = Path.Combine(RepositoryPaths.Root, "tests", "Scheduler", "Delivery", "Email", "smtp_server.py");
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { script, "127.0.0.1", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), MailFolder, CertificatePath, keyPath, User, Password })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
        var ready = _process.StandardOutput.ReadLineAsync();
        if (!ready.Wait(TimeSpan.FromSeconds(20)) || ready.Result != "READY")
        {
            var error = _process.HasExited ? _process.StandardError.ReadToEnd() : "(no answer)";
            Dispose();
            throw new InvalidOperationException("The SMTP test server (python3-aiosmtpd) did not start: " + error);
        }
    }

    public int Port { get; }

    public string CertificatePath { get; }

    public string MailFolder { get; }

    /// <summary>Messages received so far, oldest first, as raw text.</summary>
    public IReadOnlyList<string> Messages() =>
        Directory.EnumerateFiles(MailFolder, "*.eml").Order(StringComparer.Ordinal).Select(File.ReadAllText).ToList();

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }
}
