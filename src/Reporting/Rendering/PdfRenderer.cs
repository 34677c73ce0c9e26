using ReportForge.Reporting.Rendering.DevTools;

namespace ReportForge.Reporting.Rendering;

/// <summary>Prints brief HTML to PDF in one warm headless Chromium that runs no JavaScript and loads nothing from the network.</summary>
/// <remarks>
/// Up to <see cref="PdfOptions.PoolSize"/> briefs print at once, each on a page kept open between briefs, so a brief after the
/// first never starts a browser. After <see cref="PdfOptions.RecycleAfterRenders"/> renders a fresh browser starts beside the
/// old one, which closes when its briefs are done; a brief whose browser crashes under it is printed again on a fresh one.
/// </remarks>
public sealed class PdfRenderer : IAsyncDisposable
{
    private const int MaxAttempts = 3;

    private readonly PdfOptions _options;
    private readonly PdfPrintSettings _print;
    private readonly SemaphoreSlim _slots;
    private readonly Lock _gate = new();
    private ChromiumInstance _current;
    private Task<ChromiumInstance>? _replacement;
    private int _launches = 1;
    private long _renders;
    private bool _disposed;

    private PdfRenderer(ChromiumInstance instance, PdfOptions options, string tag)
    {
        Tag = tag;
        _current = instance;
        _options = options;
        _print = PdfPrintSettings.For(options);
        _slots = new SemaphoreSlim(options.PoolSize, options.PoolSize);
    }

    /// <summary>Names this renderer's Chromium processes: their command line carries --reportforge-renderer=Tag.</summary>
    public string Tag { get; }

    /// <summary>Browsers started so far, the first included.</summary>
    public int BrowserLaunches => Volatile.Read(ref _launches);

    /// <summary>Briefs printed so far.</summary>
    public long Renders => Interlocked.Read(ref _renders);

    /// <summary>Starts Chromium.</summary>
    /// <exception cref="ChromiumNotFoundException">No Chromium at the configured path.</exception>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public static async Task<PdfRenderer> StartAsync(PdfOptions options, CancellationToken cancellationToken)
    {
        if (options.Validate() is { Count: > 0 } errors)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }

        if (!File.Exists(options.ChromiumPath))
        {
            throw new ChromiumNotFoundException(options.ChromiumPath);
        }

        cancellationToken.ThrowIfCancellationRequested();
        ChromiumProcess.RemoveProfilesOfEndedProcesses();
        var tag = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8];
        var instance = await ChromiumInstance.LaunchAsync(options, tag, cancellationToken);
        return new PdfRenderer(instance, options, tag);
    }

    /// <summary>Prints a small document on every page of the pool, so that the first brief finds fonts loaded and pages open.</summary>
    public async Task WarmUpAsync(CancellationToken cancellationToken)
    {
        const string html = "<!DOCTYPE html><html><head><style>body{font-family:'Noto Sans','Noto Serif',sans-serif}</style></head><body><h1>Warm-up</h1><p>0123456789 $ %</p></body></html>";
        await Task.WhenAll(Enumerable.Range(0, _options.PoolSize).Select(_ => RenderAsync(html, cancellationToken)));
    }

    /// <summary>The PDF of <paramref name="html"/>.</summary>
    /// <exception cref="ExternalResourceException">The HTML refers to a resource outside itself, or Chromium was asked to load one.</exception>
    /// <exception cref="RenderTimeoutException">The render took longer than <see cref="PdfOptions.RenderTimeout"/>.</exception>
    public Task<byte[]> RenderAsync(string html, CancellationToken cancellationToken) => RenderAsync(html, null, cancellationToken);

    /// <summary>The PDF of <paramref name="html"/> with its document information set to <paramref name="metadata"/>.</summary>
    /// <exception cref="ExternalResourceException">The HTML refers to a resource outside itself, or Chromium was asked to load one.</exception>
    /// <exception cref="RenderTimeoutException">The render took longer than <see cref="PdfOptions.RenderTimeout"/>.</exception>
    public async Task<byte[]> RenderAsync(string html, PdfMetadata? metadata, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        SelfContainedHtml.EnsureSelfContained(html);
        await _slots.WaitAsync(cancellationToken);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var instance = await InstanceAsync(cancellationToken);
                instance.Enter();
                RenderPage? page = null;
                try
                {
                    page = await instance.TakePageAsync();
                    var pdf = await PrintAsync(page, html, cancellationToken);
                    var used = page;
                    page = null;
                    await instance.ReturnAsync(used);
                    Interlocked.Increment(ref _renders);
                    return metadata is null ? pdf : PdfInfoWriter.WithInfo(pdf, metadata);
                }
                catch (Exception e) when (attempt < MaxAttempts && !cancellationToken.IsCancellationRequested
                                          && (e is ChromiumUnresponsiveException
                                              || (e is DevToolsException && (!instance.IsHealthy || page is { Crashed: true }))))
                {
                    // The browser (or the page's renderer) died under this brief, or stopped answering: print it again on a fresh one.
                    Replace(instance);
                }

                finally
                {
                    if (page is not null)
                    {
                        await page.DisposeAsync();
                    }

                    await instance.ExitAsync();
                }
            }
        }
        finally
        {
            _slots.Release();
        }
    }

    private async Task<byte[]> PrintAsync(RenderPage page, string html, CancellationToken cancellationToken)
    {
        page.TakeRefused();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var work = page.PrintAsync(html, _print, stop.Token);
        try
        {
            var pdf = await work.WaitAsync(_options.RenderTimeout, cancellationToken);
            if (page.TakeRefused() is { Count: > 0 } refused)
            {
                throw new ExternalResourceException(refused[0], "requested while printing", null,
                    "a brief loads nothing from the network or the disk; inline the resource as a data: URI or remove it");
            }

            return pdf;
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            // Closing the page stops Chromium's work on it; the late result or error is dropped. A renderer
            // deep in layout acknowledges the close only when it comes up for air, so the caller is not kept waiting for it.
            ChromiumCommand.Abandon(work);
            await stop.CancelAsync();
            _ = page.DisposeAsync().AsTask();
            if (e is TimeoutException)
            {
                throw new RenderTimeoutException(_options.RenderTimeout);
            }

            throw;
        }
    }

    /// <summary>The browser to print on: the current one, or its replacement once that is up.</summary>
    private async Task<ChromiumInstance> InstanceAsync(CancellationToken cancellationToken)
    {
        Task<ChromiumInstance> replacement;
        ChromiumInstance current;
        lock (_gate)
        {
            current = _current;
            var due = current.Started >= _options.RecycleAfterRenders;
            if (current.IsHealthy && !due)
            {
                return current;
            }

            if (_replacement is { IsFaulted: true } && current.IsHealthy)
            {
                // A failed launch is retried on a later brief; the old browser still prints meanwhile.
                _replacement = null;
            }

            _replacement ??= LaunchAsync();
            replacement = _replacement;
            if (current.IsHealthy && !replacement.IsCompleted)
            {
                return current;
            }
        }

        ChromiumInstance next;
        try
        {
            next = await replacement.WaitAsync(cancellationToken);
        }
        catch (Exception e) when (e is DevToolsException or ChromiumLaunchException)
        {
            lock (_gate)
            {
                if (_replacement == replacement)
                {
                    _replacement = null;
                }
            }

            throw;
        }

        ChromiumInstance? retired = null;
        lock (_gate)
        {
            if (_replacement == replacement)
            {
                retired = _current;
                _current = next;
                _replacement = null;
            }

            next = _current;
        }

        if (retired is not null)
        {
            _ = retired.RetireAsync();
        }

        return next;
    }

    /// <summary>Marks <paramref name="broken"/> for replacement; the next brief waits for a fresh browser.</summary>
    private void Replace(ChromiumInstance broken)
    {
        broken.MarkBroken();
        lock (_gate)
        {
            if (_current == broken && _replacement is null)
            {
                _replacement = LaunchAsync();
            }
        }
    }

    private async Task<ChromiumInstance> LaunchAsync()
    {
        Interlocked.Increment(ref _launches);
        return await ChromiumInstance.LaunchAsync(_options, Tag, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Task<ChromiumInstance>? replacement;
        lock (_gate)
        {
            replacement = _replacement;
        }

        await _current.CloseAsync();
        if (replacement is not null)
        {
            try
            {
                await (await replacement).CloseAsync();
            }
            catch (Exception e) when (e is DevToolsException or ChromiumLaunchException)
            {
                // The replacement never started.
            }
        }

        _slots.Dispose();
    }
}

/// <summary>Chromium is not installed where ReportForge looks for it.</summary>
public sealed class ChromiumNotFoundException(string path)
    : Exception($"Chromium was not found at '{path}'. Install it (Debian: sudo apt-get install chromium) or set CHROMIUM_PATH to its executable.");

/// <summary>A render ran past its time limit and was stopped.</summary>
public sealed class RenderTimeoutException(TimeSpan limit)
    : TimeoutException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"Rendering the brief took longer than its limit of {limit.TotalSeconds:0.###} s and was stopped; simplify the template or raise Pdf:RenderTimeout."))
{
    public TimeSpan Limit { get; } = limit;
}

/// <summary>Chromium could not be started.</summary>
public sealed class ChromiumLaunchException(string executable, string reason)
    : Exception($"Chromium at '{executable}' could not be started: {reason}. Check that it runs (`{executable} --version`), or set CHROMIUM_PATH to a working Chromium.");
