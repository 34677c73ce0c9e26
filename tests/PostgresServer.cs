using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ReportForge.Tests;

/// <summary>A throwaway PostgreSQL cluster started from the Debian packages on 127.0.0.1 for this test process, removed at exit.</summary>
/// <remarks>
/// initdb refuses to run as root, so as root the cluster is created and run by the postgres account in a folder it owns.
/// Each test class takes its own database from <see cref="CreateDatabaseAsync"/> and drops it afterwards.
/// </remarks>
public sealed class PostgresServer
{
    private static readonly Lazy<PostgresServer> Shared = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly string _folder;
    private readonly string _binaries;
    private readonly bool _asPostgresUser;

    private PostgresServer(string folder, string binaries, int port, bool asPostgresUser)
    {
        _folder = folder;
        _binaries = binaries;
        Port = port;
        _asPostgresUser = asPostgresUser;
    }

    /// <summary>The port the server listens on (127.0.0.1 only).</summary>
    public int Port { get; }

    /// <summary>The server of this test process, started on first use.</summary>
    public static PostgresServer Instance => Shared.Value;

    /// <summary>A connection string to <paramref name="database"/> as the cluster's superuser.</summary>
    public string ConnectionString(string database) =>
        string.Create(CultureInfo.InvariantCulture, $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=false;Timeout=30");

    /// <summary>Creates an empty database with a fresh name and returns its connection string.</summary>
    public string CreateDatabase()
    {
        var name = "rf_" + Guid.NewGuid().ToString("N")[..16];
        Psql($"CREATE DATABASE {name}");
        return ConnectionString(name);
    }

    /// <summary>Drops a database made by <see cref="CreateDatabase"/>, closing its connections first.</summary>
    public void DropDatabase(string connectionString)
    {
        var name = connectionString.Split(';').First(p => p.StartsWith("Database=", StringComparison.Ordinal))["Database=".Length..];
        Psql($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
    }

    private void Psql(string sql) =>
        Run(Path.Combine(_binaries, "psql"), "-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", "postgres", "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-q", "-c", sql);

    private static PostgresServer Start()
    {
        var binaries = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb"))).Order(StringComparer.Ordinal).LastOrDefault()
            : null;
        if (binaries is null)
        {
            throw new InvalidOperationException("PostgreSQL is not installed: run scripts/setup.sh as root (it installs the postgresql package), then the tests again.");
        }

        RemoveStaleClusters();
        var folder = Path.Combine(Path.GetTempPath(), "rf-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        var asPostgresUser = Environment.UserName == "root";
        var server = new PostgresServer(folder, binaries, FreePort(), asPostgresUser);
        if (asPostgresUser)
        {
            server.Run("chown", "postgres:postgres", folder);
        }

        var data = Path.Combine(folder, "data");
        server.Run(Path.Combine(binaries, "initdb"), "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync");
        server.Run(Path.Combine(binaries, "pg_ctl"), "-D", data, "-l", Path.Combine(folder, "server.log"), "-w", "-t", "60",
            "-o", string.Create(CultureInfo.InvariantCulture, $"-k {folder} -p {server.Port} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"),
            "start");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
        return server;
    }

    // One shell stops the server and removes its folder: the test runner kills the test process soon after the last test,
    // often before an in-process delete got to run, which left a 55 MB cluster in the temp folder per test run. The shell
    // is a process of its own and finishes even when this one is killed while it waits.
    private void Stop()
    {
        var stop = string.Join(' ', (_asPostgresUser ? ["runuser", "-u", "postgres", "--"] : Array.Empty<string>())
            .Concat([Path.Combine(_binaries, "pg_ctl"), "-D", Path.Combine(_folder, "data"), "-m", "immediate", "-w", "stop"])
            .Select(Quoted));
        RunProcess("sh", ["-c", $"{stop} >/dev/null 2>&1; rm -rf {Quoted(_folder)}"]);

        static string Quoted(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }

    // Clusters of test processes that were killed outright (no exit handler ran): no server runs in them, and none was
    // touched for an hour. A live cluster of a parallel test process keeps its postmaster.pid and is left alone.
    private static void RemoveStaleClusters()
    {
        foreach (var folder in Directory.EnumerateDirectories(Path.GetTempPath(), "rf-pg-*"))
        {
            if (File.Exists(Path.Combine(folder, "data", "postmaster.pid")) || Directory.GetLastWriteTimeUtc(folder) > DateTime.UtcNow.AddHours(-1))
            {
                continue;
            }

            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Another user's, or being removed by its own process right now.
            }
        }
    }

    private void Run(string program, params string[] arguments)
    {
        if (_asPostgresUser && program != "chown")
        {
            RunProcess("runuser", ["-u", "postgres", "--", program, .. arguments]);
            return;
        }

        RunProcess(program, arguments);
    }

    private static void RunProcess(string program, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = "/" };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', start.ArgumentList)} failed ({process.ExitCode}): {error.Result}{output.Result}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>A PostgreSQL database of its own for one test class (xUnit class fixture), dropped when the class is done.</summary>
public sealed class PostgresDatabase : IDisposable
{
    /// <summary>Connection string of the class's database.</summary>
    public string ConnectionString { get; } = PostgresServer.Instance.CreateDatabase();

    /// <summary>A further empty database for one test; dropped with the fixture.</summary>
    public string CreateDatabase()
    {
        var connectionString = PostgresServer.Instance.CreateDatabase();
        _extra.Add(connectionString);
        return connectionString;
    }

    private readonly System.Collections.Concurrent.ConcurrentBag<string> _extra = [];

    public void Dispose()
    {
        foreach (var connectionString in _extra.Append(ConnectionString))
        {
            PostgresServer.Instance.DropDatabase(connectionString);
        }
    }
}
