using System.Diagnostics;
using System.Text;

namespace ReportForge.Reporting.Rendering.DevTools;

/// <summary>A headless Chromium process with its DevTools endpoint on 127.0.0.1 and a throwaway profile folder.</summary>
internal sealed class ChromiumProcess : IAsyncDisposable
{
    private const string ListeningPrefix = "DevTools listening on ";

    private readonly Process _process;
    private readonly string _profile;
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _disposed;

    private ChromiumProcess(Process process, string profile, Uri endpoint)
    {
        _process = process;
        _profile = profile;
        Endpoint = endpoint;
    }

    /// <summary>The browser's DevTools WebSocket address.</summary>
    public Uri Endpoint { get; }

    public int Id => _process.Id;

    /// <summary>Completes when the process has ended, for whatever reason.</summary>
    public Task Exited => _exited.Task;

    /// <summary>Starts Chromium and waits until its DevTools endpoint listens.</summary>
    /// <exception cref="ChromiumLaunchException">Chromium exited or did not listen within <paramref name="timeout"/>.</exception>
    public static async Task<ChromiumProcess> StartAsync(string executable, IEnumerable<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var profile = Directory.CreateTempSubdirectory("reportforge-chromium-").FullName;
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Port 0: the system picks a free port, which Chromium prints; DevTools binds to 127.0.0.1 only.
        start.ArgumentList.Add("--remote-debugging-port=0");
        start.ArgumentList.Add("--remote-debugging-address=127.0.0.1");
        start.ArgumentList.Add("--user-data-dir=" + profile);
        start.ArgumentList.Add("about:blank");

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new ChromiumLaunchException(executable, "the process did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            TryDelete(profile);
            throw new ChromiumLaunchException(executable, e.Message);
        }

        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new StringBuilder();
        // Both streams are read to the end: a full pipe would stall Chromium.
        _ = DrainAsync(process.StandardOutput, null, null);
        _ = DrainAsync(process.StandardError, listening, output);
        process.EnableRaisingEvents = true;
        var exited = process.WaitForExitAsync(CancellationToken.None);
        try
        {
            var first = await Task.WhenAny(listening.Task, exited, Task.Delay(timeout, cancellationToken));
            if (first == listening.Task)
            {
                var chromium = new ChromiumProcess(process, profile, listening.Task.Result);
                _ = exited.ContinueWith(_ => chromium._exited.TrySetResult(), TaskScheduler.Default);
                return chromium;
            }

            cancellationToken.ThrowIfCancellationRequested();
            string said;
            lock (output)
            {
                said = output.ToString().Trim();
            }

            var reason = first == exited
                ? $"it exited with code {process.ExitCode}"
                : $"its DevTools endpoint did not open within {timeout.TotalSeconds:0.#} s";
            throw new ChromiumLaunchException(executable, said.Length == 0 ? reason : $"{reason}: {Tail(said)}");
        }
        catch
        {
            Kill(process);
            await exited.WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            process.Dispose();
            TryDelete(profile);
            throw;
        }
    }

    private static async Task DrainAsync(StreamReader reader, TaskCompletionSource<Uri>? listening, StringBuilder? output)
    {
        try
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                if (listening is null || listening.Task.IsCompleted)
                {
                    continue;
                }

                if (line.StartsWith(ListeningPrefix, StringComparison.Ordinal)
                    && Uri.TryCreate(line[ListeningPrefix.Length..].Trim(), UriKind.Absolute, out var endpoint))
                {
                    listening.TrySetResult(endpoint);
                }
                else if (output is not null)
                {
                    lock (output)
                    {
                        if (output.Length < 8_000)
                        {
                            output.AppendLine(line);
                        }
                    }
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The process is gone.
        }
    }

    private static string Tail(string text) => text.Length <= 600 ? text : "…" + text[^600..];

    /// <summary>Ends the process (and its children) if it is still running, then removes its profile.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        if (!_exited.Task.IsCompleted)
        {
            Kill(_process);
        }

        await _exited.Task.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _process.Dispose();
        TryDelete(_profile);
    }

    /// <summary>Waits up to <paramref name="grace"/> for the process to end by itself (after Browser.close).</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan grace)
    {
        await _exited.Task.WaitAsync(grace).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return _exited.Task.IsCompleted;
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            // Already exited.
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A child may still be writing as it exits; the folder is in the temp directory, which the system cleans.
        }
    }
}
