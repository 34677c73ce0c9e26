using Microsoft.Playwright;

namespace ReportForge.Reporting.Rendering;

/// <summary>Prints brief HTML to PDF in one warm headless Chromium that runs no JavaScript and loads nothing from the network.</summary>
public sealed class PdfRenderer : IAsyncDisposable
{
    // Without the background-networking flags Chromium keeps dialling Google's services, which a
    // closed network refuses; --no-sandbox is needed when running as root (CI containers).
    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--disable-extensions",
    ];

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly PdfOptions _options;

    private PdfRenderer(IPlaywright playwright, IBrowser browser, PdfOptions options)
    {
        _playwright = playwright;
        _browser = browser;
        _options = options;
    }

    /// <summary>Starts Chromium.</summary>
    /// <exception cref="ChromiumNotFoundException">No Chromium at the configured path.</exception>
    public static async Task<PdfRenderer> StartAsync(PdfOptions options, CancellationToken cancellationToken)
    {
        if (!File.Exists(options.ChromiumPath))
        {
            throw new ChromiumNotFoundException(options.ChromiumPath);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = options.ChromiumPath,
                Headless = true,
                Args = ChromiumArgs,
                Timeout = 30_000,
            });
            return new PdfRenderer(playwright, browser, options);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>The PDF of <paramref name="html"/>.</summary>
    public async Task<byte[]> RenderAsync(string html, CancellationToken cancellationToken)
    {
        await using var context = await _browser.NewContextAsync(new BrowserNewContextOptions { JavaScriptEnabled = false, Offline = true });
        // The brief is set as content; any request it would make (an image, a font, a stylesheet) is refused.
        await context.RouteAsync("**/*", route => route.AbortAsync("blockedbyclient"));
        var page = await context.NewPageAsync();
        var timeout = (float)_options.RenderTimeout.TotalMilliseconds;
        page.SetDefaultTimeout(timeout);
        using var registration = cancellationToken.Register(() => _ = page.CloseAsync());
        await page.SetContentAsync(html, new PageSetContentOptions { WaitUntil = WaitUntilState.Load, Timeout = timeout });
        return await page.PdfAsync(new PagePdfOptions
        {
            Format = _options.PaperFormat,
            PrintBackground = true,
            PreferCSSPageSize = true,
            DisplayHeaderFooter = true,
            HeaderTemplate = "<span></span>",
            FooterTemplate = "<div style=\"font-size:8px;width:100%;text-align:center;color:#5a6270;font-family:'Noto Sans','DejaVu Sans',sans-serif\">page <span class=\"pageNumber\"></span> / <span class=\"totalPages\"></span></div>",
            Margin = new Margin { Top = "16mm", Bottom = "18mm", Left = "15mm", Right = "15mm" },
            Tagged = true,
            Outline = true,
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}

/// <summary>Chromium is not installed where ReportForge looks for it.</summary>
public sealed class ChromiumNotFoundException(string path)
    : Exception($"Chromium was not found at '{path}'. Install it (Debian: sudo apt-get install chromium) or set CHROMIUM_PATH to its executable.");
