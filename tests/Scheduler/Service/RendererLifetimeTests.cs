using System.Globalization;
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
        var browsers = ChildrenOf(service.Pid).Where(pid => CommandLine(pid).Contains("--reportforge-renderer=", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(browsers);

        service.Kill();

        // SIGKILL leaves the service no chance to close anything: Chromium sees its DevTools pipe close and exits by itself.
        await Eventually.ReturnsAsync(() => Task.FromResult(browsers.All(pid => !Alive(pid))), gone => gone, TimeSpan.FromSeconds(15), "the service's Chromium to exit");
    }

    private static bool Alive(int pid)
    {
        try
        {
            // A zombie has exited; only its parent has not collected it yet.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static IEnumerable<int> ChildrenOf(int parent)
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(directory, "stat"));
            }
            catch (IOException)
            {
                continue;
            }

            if (int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture) == parent)
            {
                yield return pid;
            }
        }
    }

    private static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return "";
        }
    }
}
