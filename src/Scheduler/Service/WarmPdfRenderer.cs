using ReportForge.Reporting.Rendering;

namespace ReportForge.Scheduler.Service;

/// <summary>The service's one warm Chromium: started with the service, closed after everything that renders has stopped.</summary>
public sealed class WarmPdfRenderer(PdfOptions options) : IHostedService, IAsyncDisposable
{
    private PdfRenderer? _renderer;

    public PdfRenderer Renderer => _renderer ?? throw new InvalidOperationException("Chromium is not started yet.");

    public async Task StartAsync(CancellationToken cancellationToken) =>
        _renderer = await PdfRenderer.StartAsync(options, cancellationToken);

    // Registered first, so stopped last: the brief workers and Quartz jobs have finished with it by now.
    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _renderer, null) is { } renderer)
        {
            await renderer.DisposeAsync();
        }
    }
}
