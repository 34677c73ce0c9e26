using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace ReportForge.Reporting.Rendering;

/// <summary>One running Chromium with its idle pages; retired instances close once the last render on them is done.</summary>
internal sealed class ChromiumInstance
{
    // Without the background-networking flags Chromium keeps dialling Google's services, which a
    // closed network refuses; --no-sandbox is needed when running as root (CI containers). Printing
    // needs no GPU process or zygotes: running without them saves about 60 MB per browser. A brief never navigates,
    // so the spare renderer Chromium keeps ready for the next site is never used (28 MB saved).
    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--disable-extensions",
        "--disable-default-apps", "--mute-audio", "--no-default-browser-check", "--disable-breakpad",
        "--in-process-gpu", "--no-zygote", "--disable-software-rasterizer",
        "--disable-features=Translate,MediaRouter,OptimizationHints,InterestFeedContentSuggestions,SpareRendererForSitePerProcess",
    ];

    private readonly IBrowser _browser;
    private readonly IBrowserContext _context;
    private readonly ConcurrentBag<RenderPage> _idle = [];
    private int _inFlight;
    private int _started;
    private int _retired;
    private int _closed;
    private volatile bool _disconnected;
    private volatile bool _broken;

    private ChromiumInstance(IBrowser browser, IBrowserContext context)
    {
        _browser = browser;
        _context = context;
        browser.Disconnected += (_, _) => _disconnected = true;
    }

    /// <summary>Renders begun on this browser.</summary>
    public int Started => Volatile.Read(ref _started);

    /// <summary>False once the browser process has gone (crashed or killed) or stopped answering.</summary>
    public bool IsHealthy => !_disconnected && !_broken && _browser.IsConnected;

    /// <summary>Takes the browser out of use: it died under a brief or stopped answering.</summary>
    public void MarkBroken() => _broken = true;


    // The tag goes on the browser's command line (--reportforge-renderer=…) so an operator can tell whose Chromium a process is.
    public static async Task<ChromiumInstance> LaunchAsync(IPlaywright playwright, PdfOptions options, string rendererTag)
    {
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = options.ChromiumPath,
            Headless = true,
            Args = [.. ChromiumArgs, "--reportforge-renderer=" + rendererTag],
            Timeout = (float)options.LaunchTimeout.TotalMilliseconds,
        });
        try
        {
            var context = await ChromiumCommand.WithinDeadlineAsync(browser.NewContextAsync(new BrowserNewContextOptions
            {
                JavaScriptEnabled = false,
                ServiceWorkers = ServiceWorkerPolicy.Block,
                AcceptDownloads = false,
            }), "open a browser context");
            var instance = new ChromiumInstance(browser, context);
            instance._idle.Add(await RenderPage.OpenAsync(context));
            return instance;
        }
        catch
        {
            await CloseBrowserAsync(browser);
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
            if (!page.Crashed && !page.Page.IsClosed)
            {
                return page;
            }

            await page.DisposeAsync();
        }

        return await RenderPage.OpenAsync(_context);
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

        await CloseBrowserAsync(_browser);
    }

    private static async Task CloseBrowserAsync(IBrowser browser)
    {
        try
        {
            // Bounded: a browser that does not answer is left to the Playwright driver, which ends it when the renderer is disposed.
            await ChromiumCommand.TryWithinDeadlineAsync(browser.CloseAsync());
        }
        catch (PlaywrightException)
        {
            // Already gone: a crashed browser has nothing left to close.
        }
    }

}
