using Microsoft.Data.Sqlite;

namespace ReportForge.Data.Storage;

/// <summary>The SQLite market and archive database in a data folder: opens connections with the project's pragmas.</summary>
public sealed class ReportForgeDatabase
{
    /// <summary>File name of the database inside the data folder.</summary>
    public const string FileName = "reportforge.db";

    private readonly string _connectionString;

    public ReportForgeDatabase(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        FilePath = Path.GetFullPath(path);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            // A writer holding the lock (an ingest, the scheduler) makes readers wait, not fail.
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <summary>Full path of the database file.</summary>
    public string FilePath { get; }

    /// <summary>The database of a data folder, creating the folder when it is missing.</summary>
    public static ReportForgeDatabase InDataDirectory(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        return new ReportForgeDatabase(Path.Combine(dataDirectory, FileName));
    }

    /// <summary>Opens a connection with WAL, foreign keys and a busy timeout set.</summary>
    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var pragmas = connection.CreateCommand();
            pragmas.CommandText =
                "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 30000; PRAGMA synchronous = NORMAL;";
            await pragmas.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
