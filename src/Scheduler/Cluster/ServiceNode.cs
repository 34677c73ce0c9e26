using System.Globalization;

namespace ReportForge.Scheduler.Cluster;

/// <summary>This process as one node of the service: its id marks the work it takes, and names it to Quartz in a cluster.</summary>
/// <param name="Id">Unique per process: host, process id and a random suffix.</param>
/// <param name="Host">The machine the node runs on.</param>
/// <param name="Pid">The node's process id.</param>
/// <param name="Clustered">True when nodes share a PostgreSQL database; a SQLite database has one node at a time.</param>
public sealed record ServiceNode(string Id, string Host, int Pid, bool Clustered)
{
    /// <summary>A node id unique across restarts: host, process id and a random suffix (an operator can tell which process it is).</summary>
    public static ServiceNode ForThisProcess(bool clustered)
    {
        var host = Environment.MachineName;
        var pid = Environment.ProcessId;
        return new ServiceNode(string.Create(CultureInfo.InvariantCulture, $"{host}-{pid}-{Guid.NewGuid().ToString("N")[..12]}"), host, pid, clustered);
    }
}
