using System.Collections.Concurrent;
using System.Globalization;
using ReportForge.Reporting.Rendering.DevTools;

namespace ReportForge.Reporting.Rendering;

/// <summary>One running Chromium with its idle pages; retired instances close once the last render on them is done.</summary>
internal sealed class ChromiumInstance
{
    // Without the background-networking flags Chromium keeps dialling Google's services, which a
    // closed network refuses; --no-sandbox is needed when running as root (CI containers). Printing
    // needs no GPU process or zygotes: running without them saves about 60 MB per browser. A brief never navigates,
    // so the spare renderer Chromium keeps ready for the next site is never used (28 MB saved). Pages are never
    // shown, so they must not be treated as background tabs (throttled, deprioritised). Low-end device mode
    // shrinks each renderer's caches and heaps to half (measured: 80 instead of 175 MB per page after 60 briefs)
    // at no cost in speed; the PDF is the same. With begin-frame control no page draws a screen frame unless asked
    // to, and a brief is never shown: setting a brief's content costs 17 instead of 30 ms of CPU, a whole brief a fifth less.
    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--disable-extensions",
        "--disable-default-apps", "--mute-audio", "--no-default-browser-check", "--disable-breakpad",
        "--in-process-gpu", "--no-zygote", "--disable-software-rasterizer", "--hide-scrollbars",
        "--disable-background-timer-throttling", "--disable-backgrounding-occluded-windows", "--disable-renderer-backgrounding",
        "--disable-hang-monitor", "--disable-ipc-flooding-protection", "--force-color-profile=srgb", "--export-tagged-pdf",
        "--password-store=basic", "--use-mock-keychain", "--metrics-recording-only", "--disable-field-trial-config",
        "--enable-low-end-device-mode", "--enable-begin-frame-control",
        "--disable-features=Translate,MediaRouter,OptimizationHints,InterestFeedContentSuggestions,SpareRendererForSitePerProcess",
    ];

    private readonly ChromiumProcess _process;
    private readonly DevToolsConnection _connection;
    private readonly ConcurrentBag<RenderPage> _idle = [];
    private int _inFlight;
    private int _started;
    private int _retired;
    private int _closed;
    private volatile bool _broken;

    private ChromiumInstance(ChromiumProcess process, DevToolsConnection connection)
    {
        _process = process;
        _connection = connection;
    }

    /// <summary>Renders begun on this browser.</summary>
    public int Started => Volatile.Read(ref _started);

    /// <summary>False once the browser process has gone (crashed or killed) or stopped answering.</summary>
    public bool IsHealthy => !_broken && _connection.IsOpen && !_process.Exited.IsCompleted;

    /// <summary>Takes the browser out of use: it died under a brief or stopped answering.</summary>
    public void MarkBroken() => _broken = true;

    // The tag goes on the browser's command line (--reportforge-renderer=…) so an operator can tell whose Chromium a process is.
    public static async Task<ChromiumInstance> LaunchAsync(PdfOptions options, string rendererTag, CancellationToken cancellationToken)
    {
        string[] arguments = [.. ChromiumArgs, "--reportforge-renderer=" + rendererTag];
        var process = ChromiumProcess.Start(options.ChromiumPath, arguments);
        var connection = new DevToolsConnection(process.Commands, process.Answers);
        try
        {
            // The first answer says the browser is up: a process that is not Chromium, or that fails to start, never gives one.
            (await connection.SendAsync("Browser.getVersion", null, null, cancellationToken).WaitAsync(options.LaunchTimeout, cancellationToken)).Dispose();
            var instance = new ChromiumInstance(process, connection);
            instance._idle.Add(await RenderPage.AdoptFirstAsync(connection, cancellationToken).WaitAsync(ChromiumCommand.Timeout, cancellationToken));
            return instance;
        }
        catch (Exception e) when (e is TimeoutException or DevToolsException)
        {
            var reason = e is TimeoutException
                ? string.Create(CultureInfo.InvariantCulture, $"it did not answer within {options.LaunchTimeout.TotalSeconds:0.#} s")
                : await process.WaitForExitAsync(TimeSpan.FromSeconds(5))
                    ? string.Create(CultureInfo.InvariantCulture, $"it exited with code {process.ExitCode}")
                    : "it closed its DevTools pipe";
            var said = process.RecentOutput;
            // The process first: its pipe stays open, and the connection's reader waiting on it, until it is gone.
            await process.DisposeAsync();
            await connection.DisposeAsync();
            throw new ChromiumLaunchException(options.ChromiumPath, said.Length == 0 ? reason : $"{reason}: {said}");
        }
        catch
        {
            await process.DisposeAsync();
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Counts a render in; the instance stays open until it is counted out.</summary>
    public void Enter()
    {
        Interlocked.Increment(ref _inFlight);
        Interlocked.Increment(ref _started);
    }

    /// <summary>An idle page, or a new one when all are busy.</summary>
    public async Task<RenderPage> TakePageAsync()
    {
        while (_idle.TryTake(out var page))
        {
            if (!page.Crashed)
            {
                return page;
            }

            await page.DisposeAsync();
        }

        return await ChromiumCommand.WithinDeadlineAsync(RenderPage.OpenAsync(_connection, CancellationToken.None), "open a page");
    }

    // A renderer process's caches grow with the documents it has laid out; a fresh page every so
    // often (about 40 ms) keeps its memory flat between browser recycles.
    private const int PageUses = 200;

    /// <summary>Gives a healthy page back for the next brief, or closes it once it has printed its share.</summary>
    public Task ReturnAsync(RenderPage page)
    {
        if (++page.Uses < PageUses)
        {
            _idle.Add(page);
            return Task.CompletedTask;
        }

        return page.DisposeAsync().AsTask();
    }

    /// <summary>Counts a render out; closes the browser if it was retired and this was its last render.</summary>
    public Task ExitAsync() =>
        Interlocked.Decrement(ref _inFlight) == 0 && Volatile.Read(ref _retired) == 1 ? CloseAsync() : Task.CompletedTask;

    /// <summary>Takes no new renders; closes when the ones in flight are done.</summary>
    public Task RetireAsync()
    {
        Interlocked.Exchange(ref _retired, 1);
        return Volatile.Read(ref _inFlight) == 0 ? CloseAsync() : Task.CompletedTask;
    }

    public async Task CloseAsync()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 1)
        {
            return;
        }

        try
        {
            // Asked to close, Chromium ends its renderers and exits; one that does not answer is killed.
            if (_connection.IsOpen)
            {
                var close = _connection.SendAsync("Browser.close", null, null, CancellationToken.None);
                if (await ChromiumCommand.TryWithinDeadlineAsync(close))
                {
                    (await close).Dispose();
                }
            }
        }
        catch (DevToolsException)
        {
            // Already gone: a crashed browser has nothing left to close.
        }

        await _process.WaitForExitAsync(TimeSpan.FromSeconds(5));
        await _process.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
