using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace ReportForge.Reporting.Rendering.DevTools;

/// <summary>A headless Chromium process that takes DevTools commands over a pair of pipes, with a throwaway profile folder.</summary>
/// <remarks>
/// The pipes (--remote-debugging-pipe) rather than a port: a DevTools port, even on 127.0.0.1, lets any local user drive the
/// browser, which can read every file the service can. Chromium reads commands from descriptor 3 and writes answers to
/// descriptor 4; a shell maps this process's standard input and output onto them and then becomes Chromium (exec), so the
/// process started here is the browser itself. Chromium's own output goes to standard error, which is kept for errors.
/// </remarks>
internal sealed class ChromiumProcess : IAsyncDisposable
{
    private const string Launcher = "exec \"$0\" \"$@\" 3<&0 4>&1 0</dev/null 1>&2";

    // Profile folders are named after the process that starts the browser: reportforge-chromium-<pid>-<random>.
    private const string ProfilePrefix = "reportforge-chromium-";

    private readonly Process _process;
    private readonly string _profile;
    private readonly StringBuilder _output;
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _disposed;

    private ChromiumProcess(Process process, string profile, StringBuilder output)
    {
        _process = process;
        _profile = profile;
        _output = output;
        _ = process.WaitForExitAsync(CancellationToken.None).ContinueWith(_ => _exited.TrySetResult(), TaskScheduler.Default);
    }

    /// <summary>Where commands are written (Chromium's descriptor 3).</summary>
    public Stream Commands => _process.StandardInput.BaseStream;

    /// <summary>Where answers and events are read (Chromium's descriptor 4).</summary>
    public Stream Answers => _process.StandardOutput.BaseStream;

    /// <summary>Completes when the process has ended, for whatever reason.</summary>
    public Task Exited => _exited.Task;

    /// <summary>The exit code, once <see cref="Exited"/> has completed.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>The last lines Chromium printed (its standard error), for an error message.</summary>
    public string RecentOutput
    {
        get
        {
            lock (_output)
            {
                var text = _output.ToString().Trim();
                return text.Length <= 600 ? text : "…" + text[^600..];
            }
        }
    }

    /// <summary>Starts Chromium with its DevTools on the pipes.</summary>
    /// <exception cref="ChromiumLaunchException">The executable could not be started.</exception>
    public static ChromiumProcess Start(string executable, IEnumerable<string> arguments)
    {
        var profile = Directory.CreateTempSubdirectory(ProfilePrefix + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "-").FullName;
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Launcher);
        start.ArgumentList.Add(executable);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add("--remote-debugging-pipe");
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

        var output = new StringBuilder();
        // Read to the end: a full pipe would stall Chromium. Only the tail is kept.
        _ = KeepTailAsync(process.StandardError, output);
        return new ChromiumProcess(process, profile, output);
    }

    /// <summary>
    /// Removes the profile folders of browsers whose service process has ended without removing them (killed, or crashed).
    /// A profile of a running process, this one included, stays.
    /// </summary>
    /// <remarks>About 1 MB each, one per browser start; a service that is killed and started again would otherwise leave
    /// them in the temp folder for good.</remarks>
    public static void RemoveProfilesOfEndedProcesses()
    {
        foreach (var folder in Directory.EnumerateDirectories(Path.GetTempPath(), ProfilePrefix + "*"))
        {
            var name = Path.GetFileName(folder)[ProfilePrefix.Length..];
            var dash = name.IndexOf('-', StringComparison.Ordinal);
            if (dash > 0 && int.TryParse(name[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var owner) && !IsRunning(owner))
            {
                TryDelete(folder);
            }
        }
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    private static async Task KeepTailAsync(StreamReader reader, StringBuilder output)
    {
        try
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                lock (output)
                {
                    output.AppendLine(line);
                    if (output.Length > 16_000)
                    {
                        output.Remove(0, output.Length - 8_000);
                    }
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The process is gone.
        }
    }

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
            // A child may still be writing as it exits: the next service start removes what is left.
        }
    }
}
