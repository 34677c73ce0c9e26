using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ReportForge.Reporting.Rendering;
using ReportForge.Reporting.Templates;

namespace ReportForge.Reporting.Tests.Rendering;

public sealed class PdfRendererTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string Document(string body) =>
        $"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>t</title></head><body>{body}</body></html>";

    [Fact]
    public async Task Template_with_remote_image_is_refused_and_nothing_is_requested()
    {
        using var server = new CountingServer();
        await using var renderer = await PdfRenderer.StartAsync(new PdfOptions { PoolSize = 1 }, CancellationToken.None);
        var templates = Path.Combine(_temp.Path, "templates", "partials");
        Directory.CreateDirectory(templates);
        await File.WriteAllTextAsync(Path.Combine(templates, "outlook.hbs"), $"<section><h2>Outlook</h2><img src=\"{server.Url}chart.png\"></section>");

        // The template is refused when it is compiled…
        var compile = await Assert.ThrowsAsync<TemplateCompileException>(async () =>
            BriefTemplateEngine.Compile(await TemplateSet.WithOverridesAsync(Path.Combine(_temp.Path, "templates"), CancellationToken.None)));
        Assert.Contains("partials/outlook.hbs:1", compile.Message, StringComparison.Ordinal);

        // …and HTML that carries a remote image all the same (filled in from data) is refused before printing.
        var html = (await FixtureBrief.HtmlAsync()).Replace("</body>", $"<img src=\"{server.Url}chart.png\"></body>", StringComparison.Ordinal);
        var error = await Assert.ThrowsAsync<ExternalResourceException>(() => renderer.RenderAsync(html, CancellationToken.None));

        Assert.Equal(server.Url + "chart.png", error.Url);
        Assert.Contains("<img src>", error.Message, StringComparison.Ordinal);
        Assert.Contains("data: URI", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, server.Requests);
    }

    [Fact]
    public async Task Stylesheet_with_remote_url_is_refused()
    {
        using var server = new CountingServer();
        await using var renderer = await PdfRenderer.StartAsync(new PdfOptions { PoolSize = 1 }, CancellationToken.None);

        var error = await Assert.ThrowsAsync<ExternalResourceException>(() => renderer.RenderAsync(
            Document($"<style>body {{ background: url({server.Url}bg.png); }}</style><p>x</p>"), CancellationToken.None));

        Assert.Contains("CSS url()", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, server.Requests);
    }

    [Fact]
    public async Task Request_that_slips_past_the_check_is_blocked_and_fails_the_render()
    {
        using var server = new CountingServer();
        await using var renderer = await PdfRenderer.StartAsync(new PdfOptions { PoolSize = 1 }, CancellationToken.None);
        // image-set() is not a url(): the HTML check lets it through, Chromium asks for it, and the route refuses.
        var html = Document($"<div style=\"width:50px;height:50px;background-image:image-set('{server.Url}sneaky.png' 1x)\"></div>");

        var error = await Assert.ThrowsAsync<ExternalResourceException>(() => renderer.RenderAsync(html, CancellationToken.None));

        Assert.Equal(server.Url + "sneaky.png", error.Url);
        Assert.Contains("requested while printing", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, server.Requests);
        // The page is usable for the next brief.
        Assert.NotEmpty(await renderer.RenderAsync(Document("<p>next</p>"), CancellationToken.None));
    }

    [Fact]
    public async Task Page_runs_no_javascript()
    {
        await using var renderer = await PdfRenderer.StartAsync(new PdfOptions { PoolSize = 1 }, CancellationToken.None);
        // An inline handler is not a <script> element, so only the disabled JavaScript stops it.
        var html = Document("<p id=\"p\">static text</p><img src=\"data:image/png;base64,AAAA\" onerror=\"document.getElementById('p').textContent='script ran'\">");

        var pdf = _temp.File("js.pdf");
        await File.WriteAllBytesAsync(pdf, await renderer.RenderAsync(html, CancellationToken.None));

        var text = await PopplerTools.PageTextAsync(pdf, 1);
        Assert.Contains("static text", text, StringComparison.Ordinal);
        Assert.DoesNotContain("script ran", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_past_its_time_limit_is_stopped_and_reported_and_the_next_brief_prints()
    {
        await using var renderer = await PdfRenderer.StartAsync(new PdfOptions { PoolSize = 1, RenderTimeout = TimeSpan.FromSeconds(1) }, CancellationToken.None);
        // Thousands of pages: far past the limit on any machine, while a one-line brief stays well within it.
        var rows = string.Concat(Enumerable.Range(0, 150_000).Select(i => $"<tr><td>row {i}</td><td>{i * 7}</td></tr>"));
        var huge = Document($"<table>{rows}</table>");

        var stopwatch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<RenderTimeoutException>(() => renderer.RenderAsync(huge, CancellationToken.None));
        stopwatch.Stop();

        Assert.Equal(TimeSpan.FromSeconds(1), error.Limit);
        Assert.Contains("limit of 1 s", error.Message, StringComparison.Ordinal);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"the render was stopped only after {stopwatch.Elapsed}");
        var pdf = _temp.File("after.pdf");
        await File.WriteAllBytesAsync(pdf, await renderer.RenderAsync(Document("<p>after the timeout</p>"), CancellationToken.None));
        Assert.Contains("after the timeout", await PopplerTools.PageTextAsync(pdf, 1), StringComparison.Ordinal);
        Assert.Equal(1, renderer.BrowserLaunches);
    }

    [Fact]
    public async Task Start_removes_the_browser_profiles_of_ended_processes_and_keeps_those_of_running_ones()
    {
        int endedId;
        using (var ended = Process.Start("true"))
        {
            await ended.WaitForExitAsync();
            endedId = ended.Id;
        }

        var stale = Directory.CreateTempSubdirectory($"reportforge-chromium-{endedId}-").FullName;
        Directory.CreateDirectory(Path.Combine(stale, "Default", "Cache"));
        await File.WriteAllTextAsync(Path.Combine(stale, "Default", "Preferences"), "{}");
        var running = Directory.CreateTempSubdirectory($"reportforge-chromium-{Environment.ProcessId}-").FullName;
        try
        {
            await using var renderer = await PdfRenderer.StartAsync(new PdfOptions { PoolSize = 1 }, CancellationToken.None);

            Assert.False(Directory.Exists(stale), "the profile of an ended process is still there");
            Assert.True(Directory.Exists(running), "the profile of this running process was removed");
        }
        finally
        {
            Directory.Delete(running, recursive: true);
        }
    }

    [Fact]
    public async Task Briefs_after_the_first_reuse_the_warm_browser()
    {
        await using var renderer = await PdfRenderer.StartAsync(new PdfOptions { PoolSize = 2 }, CancellationToken.None);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => renderer.RenderAsync(Document($"<p>brief {i}</p>"), CancellationToken.None)));

        Assert.Equal(1, renderer.BrowserLaunches);
        Assert.Equal(8, renderer.Renders);
        Assert.Single(ChromiumProcesses.BrowsersOf(renderer.Tag));
    }

    [Fact]
    public async Task Browser_is_recycled_after_n_renders_without_failing_briefs_in_flight()
    {
        await using var renderer = await PdfRenderer.StartAsync(new PdfOptions { PoolSize = 2, RecycleAfterRenders = 3 }, CancellationToken.None);

        var pdfs = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => renderer.RenderAsync(Document($"<p>brief {i}</p>"), CancellationToken.None)));

        Assert.All(pdfs, pdf => Assert.StartsWith("%PDF-", Encoding.ASCII.GetString(pdf, 0, 5), StringComparison.Ordinal));
        Assert.InRange(renderer.BrowserLaunches, 2, 12);
        // Retired browsers close once their briefs are done: at most the current one and a replacement remain.
        await WaitUntilAsync(() => ChromiumProcesses.BrowsersOf(renderer.Tag).Count <= 2);
    }

    [Fact]
    public async Task Briefs_in_flight_when_the_browser_crashes_are_printed_on_a_fresh_one()
    {
        await using var renderer = await PdfRenderer.StartAsync(new PdfOptions { PoolSize = 2 }, CancellationToken.None);
        await renderer.RenderAsync(Document("<p>warm</p>"), CancellationToken.None);
        var browser = Assert.Single(ChromiumProcesses.BrowsersOf(renderer.Tag));
        var rows = string.Concat(Enumerable.Range(0, 3_000).Select(i => $"<p>line {i}</p>"));

        var inFlight = Enumerable.Range(0, 4).Select(i => renderer.RenderAsync(Document($"<h1>brief {i}</h1>{rows}"), CancellationToken.None)).ToList();
        await Task.Delay(50);
        Process.GetProcessById(browser).Kill();
        var pdfs = await Task.WhenAll(inFlight);

        Assert.All(pdfs, pdf => Assert.StartsWith("%PDF-", Encoding.ASCII.GetString(pdf, 0, 5), StringComparison.Ordinal));
        Assert.Equal(2, renderer.BrowserLaunches);
        var path = _temp.File("after-crash.pdf");
        await File.WriteAllBytesAsync(path, await renderer.RenderAsync(Document("<p>after the crash</p>"), CancellationToken.None));
        Assert.Contains("after the crash", await PopplerTools.PageTextAsync(path, 1), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Brief_whose_page_renderer_dies_is_printed_again()
    {
        await using var renderer = await PdfRenderer.StartAsync(new PdfOptions { PoolSize = 1 }, CancellationToken.None);
        await renderer.RenderAsync(Document("<p>warm</p>"), CancellationToken.None);
        var browser = Assert.Single(ChromiumProcesses.BrowsersOf(renderer.Tag));
        var rows = string.Concat(Enumerable.Range(0, 8_000).Select(i => $"<p>line {i}</p>"));

        var inFlight = renderer.RenderAsync(Document($"<h1>the brief</h1>{rows}"), CancellationToken.None);
        await Task.Delay(50);
        var pageRenderers = ChromiumProcesses.RenderersOf(browser);
        Assert.NotEmpty(pageRenderers);
        Assert.False(inFlight.IsCompleted, "the brief was printed before its renderer could be killed");
        foreach (var pid in pageRenderers)
        {
            Process.GetProcessById(pid).Kill();
        }

        var path = _temp.File("after-renderer-crash.pdf");
        await File.WriteAllBytesAsync(path, await inFlight);
        Assert.Contains("the brief", await PopplerTools.PageTextAsync(path, 1), StringComparison.Ordinal);
        Assert.Equal(2, renderer.BrowserLaunches);
    }

    [Fact]
    public async Task Chromium_that_exits_at_once_is_reported_with_its_exit_code()
    {
        var fake = await ScriptAsync("fake-chromium.sh", "echo 'cannot open display' >&2\nexit 3");

        var error = await Assert.ThrowsAsync<ChromiumLaunchException>(() => PdfRenderer.StartAsync(new PdfOptions { ChromiumPath = fake }, CancellationToken.None));

        Assert.Contains(fake, error.Message, StringComparison.Ordinal);
        Assert.Contains("exited with code 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("cannot open display", error.Message, StringComparison.Ordinal);
        Assert.Contains("CHROMIUM_PATH", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chromium_that_never_listens_is_stopped_after_the_launch_timeout()
    {
        var pidFile = _temp.File("hung.pid");
        var fake = await ScriptAsync("hung-chromium.sh", $"echo $$ > '{pidFile}'\nexec sleep 60");
        var stopwatch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<ChromiumLaunchException>(() =>
            PdfRenderer.StartAsync(new PdfOptions { ChromiumPath = fake, LaunchTimeout = TimeSpan.FromSeconds(1) }, CancellationToken.None));

        Assert.Contains("did not answer within 1 s", error.Message, StringComparison.Ordinal);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"gave up only after {stopwatch.Elapsed}");
        // The process that never listened is not left behind.
        var pid = (await File.ReadAllTextAsync(pidFile)).Trim();
        Assert.False(Directory.Exists("/proc/" + pid), $"process {pid} still runs");
    }

    [Fact]
    public async Task Chromium_opens_no_network_port_for_its_DevTools()
    {
        await using var renderer = await PdfRenderer.StartAsync(new PdfOptions { PoolSize = 1 }, CancellationToken.None);
        await renderer.RenderAsync(Document("<p>x</p>"), CancellationToken.None);
        var browser = Assert.Single(ChromiumProcesses.BrowsersOf(renderer.Tag));

        // Commands go over pipes: a port, even on 127.0.0.1, would let any local user drive the browser.
        Assert.Empty(ChromiumProcesses.ListeningAddressesOf(browser));
        Assert.DoesNotContain(File.ReadAllText($"/proc/{browser}/cmdline").Split('\0'), a => a.StartsWith("--remote-debugging-port", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Letter_paper_by_configuration()
    {
        await using var renderer = await PdfRenderer.StartAsync(new PdfOptions { PoolSize = 1, PaperFormat = "Letter" }, CancellationToken.None);
        var path = await FixtureBrief.RenderToFileAsync(renderer, _temp.Path);

        var info = await PopplerTools.InfoAsync(path);

        Assert.Contains("(letter)", info["Page size"], StringComparison.Ordinal);
        Assert.InRange(int.Parse(info["Pages"], System.Globalization.CultureInfo.InvariantCulture), 2, 4);
    }

    [Fact]
    public async Task Invalid_options_are_refused_before_starting()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => PdfRenderer.StartAsync(new PdfOptions { PaperFormat = "A3", PoolSize = 0 }, CancellationToken.None));

        Assert.Contains("PaperFormat 'A3'", error.Message, StringComparison.Ordinal);
        Assert.Contains("PoolSize 0", error.Message, StringComparison.Ordinal);
    }

    private async Task<string> ScriptAsync(string name, string body)
    {
        var path = _temp.File(name);
        await File.WriteAllTextAsync(path, "#!/bin/sh\n" + body + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 10 s");
            await Task.Delay(100);
        }
    }

    /// <summary>An HTTP server on 127.0.0.1 that counts the requests it receives.</summary>
    private sealed class CountingServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private int _requests;

        public CountingServer()
        {
            _listener.Start();
            _ = AcceptAsync();
        }

        public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/";

        public int Requests => Volatile.Read(ref _requests);

        private async Task AcceptAsync()
        {
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                    Interlocked.Increment(ref _requests);
                    await client.GetStream().WriteAsync("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray(), _stop.Token);
                }
            }
            catch (OperationCanceledException)
            {
            }
            catch (ObjectDisposedException)
            {
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            _listener.Dispose();
            _stop.Dispose();
        }
    }
}
