using System.Globalization;

namespace ReportForge.Reporting.Tests.Rendering;

/// <summary>The Chromium browser processes of one renderer, found by the tag on their command line.</summary>
internal static class ChromiumProcesses
{
    /// <summary>Ids of the page renderer processes below <paramref name="browser"/>.</summary>
    public static IReadOnlyList<int> RenderersOf(int browser) =>
        ProcessTree.ChildrenOf(browser).Where(pid => ProcessTree.CommandLine(pid).Contains("--type=renderer", StringComparison.Ordinal)).ToList();

    /// <summary>The TCP addresses <paramref name="pid"/> listens on, from /proc/net/tcp and tcp6 matched by socket inode.</summary>
    public static IReadOnlyList<System.Net.IPEndPoint> ListeningAddressesOf(int pid)
    {
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var fd in Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
        {
            var target = new FileInfo(fd).LinkTarget;
            if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal))
            {
                inodes.Add(target[8..^1]);
            }
        }

        var addresses = new List<System.Net.IPEndPoint>();
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            foreach (var line in File.ReadAllLines(table).Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                // Field 3 is the state (0A = LISTEN), field 9 the socket's inode.
                if (fields[3] == "0A" && inodes.Contains(fields[9]))
                {
                    addresses.Add(ParseAddress(fields[1]));
                }
            }
        }

        return addresses;
    }

    private static System.Net.IPEndPoint ParseAddress(string hex)
    {
        var (address, port) = (hex[..hex.IndexOf(':', StringComparison.Ordinal)], hex[(hex.IndexOf(':', StringComparison.Ordinal) + 1)..]);
        var bytes = Convert.FromHexString(address);
        // /proc prints each 32-bit word of the address in host (little-endian) order.
        for (var word = 0; word < bytes.Length; word += 4)
        {
            Array.Reverse(bytes, word, 4);
        }

        return new System.Net.IPEndPoint(new System.Net.IPAddress(bytes), int.Parse(port, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
    }

    /// <summary>Ids of the browser (main) processes whose command line carries --reportforge-renderer=<paramref name="tag"/>.</summary>
    public static IReadOnlyList<int> BrowsersOf(string tag)
    {
        var marker = "--reportforge-renderer=" + tag;
        var browsers = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var arguments = File.ReadAllText(Path.Combine(directory, "cmdline")).Split('\0');
                // Child processes carry --type=renderer, gpu-process, …; the browser itself has no --type.
                if (arguments.Contains(marker) && !arguments.Any(a => a.StartsWith("--type=", StringComparison.Ordinal)))
                {
                    browsers.Add(pid);
                }
            }
            catch (IOException)
            {
                // The process ended while being read.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return browsers;
    }
}
