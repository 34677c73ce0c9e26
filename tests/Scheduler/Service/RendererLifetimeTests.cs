using ReportForge.Scheduler.Tests.TestSupport;

namespace ReportForge.Scheduler.Tests.Service;

/// <summary>The service's Chromium lives and dies with it.</summary>
public sealed class RendererLifetimeTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Chromium_exits_when_the_service_is_killed()
    {
        using var service = await ServiceProcess.StartAsync(Path.Combine(_folder.Path, "data"), new Dictionary<string, string>());
        var browsers = ProcessTree.ChildrenOf(service.Pid).Where(pid => ProcessTree.CommandLine(pid).Contains("--reportforge-renderer=", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(browsers);

        service.Kill();

        // SIGKILL leaves the service no chance to close anything: Chromium sees its DevTools pipe close and exits by itself.
        await Eventually.ReturnsAsync(() => Task.FromResult(browsers.All(pid => !ProcessTree.IsAlive(pid))), gone => gone, TimeSpan.FromSeconds(15), "the service's Chromium to exit");
    }
}
