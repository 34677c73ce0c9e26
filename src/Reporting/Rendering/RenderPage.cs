using System.Collections.Concurrent;
using System.Text.Json;
using ReportForge.Reporting.Rendering.DevTools;

namespace ReportForge.Reporting.Rendering;

/// <summary>One open page of the warm browser, reused brief after brief: no JavaScript, and every request it attempts refused and remembered.</summary>
internal sealed class RenderPage : IAsyncDisposable
{
    private readonly DevToolsConnection _browser;
    private readonly string _targetId;
    private readonly string _sessionId;
    private readonly ConcurrentQueue<string> _refused = new();
    private string _frameId = "";
    private TaskCompletionSource? _loaded;
    // Completed once the page's renderer died, the page detached or it was closed.
    private readonly TaskCompletionSource _gone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _disposed;

    private RenderPage(DevToolsConnection browser, string targetId, string sessionId)
    {
        _browser = browser;
        _targetId = targetId;
        _sessionId = sessionId;
    }

    /// <summary>Briefs printed on this page.</summary>
    public int Uses { get; set; }

    /// <summary>True once the page's renderer process died or the page was closed; the page is then replaced.</summary>
    public bool Crashed => _gone.Task.IsCompleted;

    /// <summary>Opens a new page.</summary>
    public static async Task<RenderPage> OpenAsync(DevToolsConnection browser, CancellationToken cancellationToken)
    {
        string targetId;
        using (var created = await browser.SendAsync("Target.createTarget", w => w.WriteString("url", "about:blank"), null, cancellationToken))
        {
            targetId = created.Result.GetProperty("targetId").GetString()!;
        }

        return await AttachAsync(browser, targetId, cancellationToken);
    }

    /// <summary>Takes over the blank page a browser starts with (a renderer process of its own), or opens one when there is none.</summary>
    public static async Task<RenderPage> AdoptFirstAsync(DevToolsConnection browser, CancellationToken cancellationToken)
    {
        string? targetId = null;
        using (var targets = await browser.SendAsync("Target.getTargets", null, null, cancellationToken))
        {
            foreach (var target in targets.Result.GetProperty("targetInfos").EnumerateArray())
            {
                if (target.GetProperty("type").GetString() == "page")
                {
                    targetId = target.GetProperty("targetId").GetString();
                    break;
                }
            }
        }

        return targetId is null ? await OpenAsync(browser, cancellationToken) : await AttachAsync(browser, targetId, cancellationToken);
    }

    private static async Task<RenderPage> AttachAsync(DevToolsConnection browser, string targetId, CancellationToken cancellationToken)
    {
        string sessionId;
        using (var attached = await browser.SendAsync("Target.attachToTarget", w =>
               {
                   w.WriteString("targetId", targetId);
                   w.WriteBoolean("flatten", true);
               }, null, cancellationToken))
        {
            sessionId = attached.Result.GetProperty("sessionId").GetString()!;
        }

        var page = new RenderPage(browser, targetId, sessionId);
        browser.Subscribe(sessionId, page.OnEvent);
        try
        {
            // Sent together: Chromium applies them in order, and the page is used only once all are answered.
            var noScript = browser.SendAsync("Emulation.setScriptExecutionDisabled", w => w.WriteBoolean("value", true), sessionId, cancellationToken);
            // The brief is set as content and makes no request of its own: anything asked for is refused.
            var blocking = browser.SendAsync("Fetch.enable", w =>
            {
                w.WriteStartArray("patterns");
                w.WriteStartObject();
                w.WriteString("urlPattern", "*");
                w.WriteEndObject();
                w.WriteEndArray();
            }, sessionId, cancellationToken);
            var events = browser.SendAsync("Page.enable", null, sessionId, cancellationToken);
            var tree = browser.SendAsync("Page.getFrameTree", null, sessionId, cancellationToken);
            await Task.WhenAll(noScript, blocking, events, tree);
            (await noScript).Dispose();
            (await blocking).Dispose();
            (await events).Dispose();
            using var frames = await tree;
            page._frameId = frames.Result.GetProperty("frameTree").GetProperty("frame").GetProperty("id").GetString()!;
        }
        catch
        {
            await page.DisposeAsync();
            throw;
        }

        return page;
    }

    /// <summary>Lays out <paramref name="html"/> and prints it.</summary>
    public async Task<byte[]> PrintAsync(string html, PdfPrintSettings settings, CancellationToken cancellationToken)
    {
        await LoadAsync(html, cancellationToken);
        return await PrintLoadedAsync(settings, cancellationToken);
    }

    /// <summary>Replaces the page's document with <paramref name="html"/> and waits for its load event.</summary>
    public async Task LoadAsync(string html, CancellationToken cancellationToken)
    {
        var loaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _loaded, loaded);
        if (Crashed)
        {
            throw new DevToolsClosedException("the page is gone");
        }

        // The document is complete in itself (images are data: URIs), so "load" comes as soon as it is parsed and decoded.
        (await _browser.SendAsync("Page.setDocumentContent", w =>
        {
            w.WriteString("frameId", _frameId);
            w.WriteString("html", PrintOnly.Apply(html));
        }, _sessionId, cancellationToken)).Dispose();
        await loaded.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Prints the document already loaded.</summary>
    public async Task<byte[]> PrintLoadedAsync(PdfPrintSettings settings, CancellationToken cancellationToken)
    {
        try
        {
            using var printed = await _browser.SendAsync("Page.printToPDF", settings.Write, _sessionId, cancellationToken);
            return printed.Result.GetProperty("data").GetBytesFromBase64();
        }
        catch (DevToolsProtocolException)
        {
            // A renderer that dies mid-print makes the full browser answer "Printing failed" just before it reports
            // the crash: wait a moment for that report, so the brief is printed again rather than failed.
            await _gone.Task.WaitAsync(TimeSpan.FromMilliseconds(500), CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (Crashed)
            {
                throw new DevToolsClosedException("Page.printToPDF: the page's renderer process died");
            }

            throw;
        }
    }

    private void OnEvent(string method, JsonElement parameters)
    {
        switch (method)
        {
            case "Fetch.requestPaused":
                _refused.Enqueue(parameters.GetProperty("request").GetProperty("url").GetString() ?? "");
                var requestId = parameters.GetProperty("requestId").GetString();
                _browser.Post("Fetch.failRequest", w =>
                {
                    w.WriteString("requestId", requestId);
                    w.WriteString("errorReason", "BlockedByClient");
                }, _sessionId);
                break;
            case "Page.loadEventFired":
                Volatile.Read(ref _loaded)?.TrySetResult();
                break;
            case "Inspector.targetCrashed" or "Target.detachedFromTarget":
                _gone.TrySetResult();
                Volatile.Read(ref _loaded)?.TrySetException(new DevToolsClosedException("the page's renderer process died"));
                _browser.AbandonSession(_sessionId, "the page's renderer process died");
                break;
        }
    }

    /// <summary>The requests refused since the last call, oldest first.</summary>
    public IReadOnlyList<string> TakeRefused()
    {
        var refused = new List<string>();
        while (_refused.TryDequeue(out var url))
        {
            refused.Add(url);
        }

        return refused;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _gone.TrySetResult();
        try
        {
            // A page whose browser died may never be reported closed; it is gone with its browser, so it is not waited for.
            var close = _browser.SendAsync("Target.closeTarget", w => w.WriteString("targetId", _targetId), null, CancellationToken.None);
            if (await ChromiumCommand.TryWithinDeadlineAsync(close))
            {
                (await close).Dispose();
            }
        }
        catch (DevToolsException)
        {
            // The page or its browser is already gone.
        }
        finally
        {
            _browser.Unsubscribe(_sessionId);
        }
    }
}
