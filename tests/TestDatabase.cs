using ReportForge.Data.Storage;

namespace ReportForge.Tests;

/// <summary>An empty ReportForge database for one test on either engine: a SQLite file in a temp folder, or a fresh PostgreSQL database on the test server.</summary>
public sealed class TestDatabase : IDisposable
{
    private readonly TempFolder? _folder;
    private readonly string? _postgres;

    public TestDatabase(StorageProvider provider, string? dataDirectory = null)
    {
        Provider = provider;
        if (provider == StorageProvider.Postgres)
        {
            _postgres = PostgresServer.Instance.CreateDatabase();
            Database = ReportForgeDatabase.Postgres(_postgres);
            return;
        }

        if (dataDirectory is null)
        {
            _folder = new TempFolder();
            dataDirectory = _folder.File("data");
        }

        Database = ReportForgeDatabase.InDataDirectory(dataDirectory);
    }

    /// <summary>The engine under test.</summary>
    public StorageProvider Provider { get; }

    /// <summary>The database, not yet migrated.</summary>
    public ReportForgeDatabase Database { get; }

    /// <summary>The connection string of the PostgreSQL database (null for SQLite).</summary>
    public string? ConnectionString => _postgres;

    public void Dispose()
    {
        if (_postgres is not null)
        {
            PostgresServer.Instance.DropDatabase(_postgres);
        }

        _folder?.Dispose();
    }
}
