using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace ReportForge.Reporting.Rendering;

/// <summary>One open page of the warm browser, reused brief after brief, with every request it attempts refused and remembered.</summary>
internal sealed class RenderPage : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _refused = new();
    private int _disposed;

    private RenderPage(IPage page) => Page = page;

    public IPage Page { get; }

    /// <summary>Briefs printed on this page.</summary>
    public int Uses { get; set; }

    /// <summary>True once the page's renderer process died; the page is then replaced.</summary>
    public bool Crashed { get; private set; }

    public static async Task<RenderPage> OpenAsync(IBrowserContext context)
    {
        var page = await ChromiumCommand.WithinDeadlineAsync(context.NewPageAsync(), "open a page");
        var renderPage = new RenderPage(page);
        page.Crash += (_, _) => renderPage.Crashed = true;
        try
        {
            // The brief is set as content, so it makes no request of its own: anything asked for is refused.
            await ChromiumCommand.WithinDeadlineAsync(page.RouteAsync("**/*", route =>
            {
                renderPage._refused.Enqueue(route.Request.Url);
                return route.AbortAsync("blockedbyclient");
            }), "block a page's requests");
        }
        catch
        {
            await renderPage.DisposeAsync();
            throw;
        }

        return renderPage;
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

        try
        {
            // A page whose browser died may never be reported closed; it is gone with its browser, so it is not waited for.
            await ChromiumCommand.TryWithinDeadlineAsync(Page.CloseAsync(new PageCloseOptions { RunBeforeUnload = false }));
        }
        catch (PlaywrightException)
        {
            // The page or its browser is already gone.
        }

    }
}
