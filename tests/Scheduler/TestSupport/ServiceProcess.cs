using System.Diagnostics;
using System.Globalization;
using System.Text;
using ReportForge.Scheduler.Api;

namespace ReportForge.Scheduler.Tests.TestSupport;

/// <summary>`reportforge serve` as its own process, started by a test: stopped with SIGTERM or killed with SIGKILL.</summary>
public sealed class ServiceProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private ServiceProcess(Process process, string baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
        Client = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(30) };
        Client.DefaultRequestHeaders.Add(ApiKeys.Header, ServiceFixture.ApiKey);
    }

    public string BaseUrl { get; }

    /// <summary>The process id, which the node's id in service_nodes carries.</summary>
    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public HttpClient Client { get; }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public static async Task<ServiceProcess> StartAsync(string dataDirectory, IReadOnlyDictionary<string, string> settings)
    {
        var port = FreePort.Next();
        var baseUrl = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "reportforge.dll"), "serve", "--data-dir", dataDirectory, "--urls", baseUrl })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ReportForge__PublicBaseUrl"] = baseUrl;
        start.Environment["ReportForge__Api__Keys__0__Name"] = "tests";
        start.Environment["ReportForge__Api__Keys__0__Key"] = ServiceFixture.ApiKey;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in OfflineSources.Settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        start.Environment["Logging__LogLevel__ReportForge"] = "Information";
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var service = new ServiceProcess(process, baseUrl);
        process.OutputDataReceived += (_, e) => service.Append(e.Data);
        process.ErrorDataReceived += (_, e) => service.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"reportforge serve exited with {process.ExitCode}:\n{service.Log}");
            }

            try
            {
                using var health = await service.Client.GetAsync("/health");
                if (health.IsSuccessStatusCode)
                {
                    return service;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(250);
        }

        service.Dispose();
        throw new TimeoutException("reportforge serve did not become healthy:\n" + service.Log);
    }

    /// <summary>A crash: SIGKILL, no chance to finish anything.</summary>
    public void Kill()
    {
        _process.Kill();
        _process.WaitForExit(10_000);
    }

    /// <summary>A graceful stop: SIGTERM, then waits for the process to finish its work and exit.</summary>
    public async Task<int> StopAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill!.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    public void Dispose()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }
}
