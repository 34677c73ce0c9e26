using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ReportForge.Data.Storage;

/// <summary>Which database engine holds the market data, the archive and the service tables.</summary>
public enum StorageProvider
{
    /// <summary>An embedded SQLite file in the data folder (the default).</summary>
    Sqlite,

    /// <summary>A PostgreSQL database shared by several ReportForge nodes.</summary>
    Postgres,
}

/// <summary>The market and archive database: a SQLite file in a data folder, or a PostgreSQL database; opens connections with the project's settings.</summary>
public sealed class ReportForgeDatabase
{
    /// <summary>File name of the database inside the data folder.</summary>
    public const string FileName = "reportforge.db";

    private readonly string _connectionString;

    public ReportForgeDatabase(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Provider = StorageProvider.Sqlite;
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

    private ReportForgeDatabase(StorageProvider provider, string connectionString, string location)
    {
        Provider = provider;
        _connectionString = connectionString;
        FilePath = location;
    }

    /// <summary>The engine behind this database.</summary>
    public StorageProvider Provider { get; }

    /// <summary>Full path of the database file (SQLite), or the server, port and database name (PostgreSQL; no password).</summary>
    public string FilePath { get; }

    /// <summary>The database of a data folder, creating the folder when it is missing.</summary>
    public static ReportForgeDatabase InDataDirectory(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        return new ReportForgeDatabase(Path.Combine(dataDirectory, FileName));
    }

    /// <summary>A PostgreSQL database given by an Npgsql connection string (Host=…;Database=…;Username=…).</summary>
    public static ReportForgeDatabase Postgres(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"Storage:ConnectionString is not a PostgreSQL connection string ({e.Message}); write it as Host=…;Port=5432;Database=…;Username=…;Password=….", nameof(connectionString), e);
        }

        if (string.IsNullOrWhiteSpace(builder.Database))
        {
            throw new ArgumentException("Storage:ConnectionString names no database; add Database=<name>.", nameof(connectionString));
        }

        return new ReportForgeDatabase(StorageProvider.Postgres, builder.ConnectionString, $"postgres://{builder.Host}:{builder.Port}/{builder.Database}");
    }

    /// <summary>Opens a connection: for SQLite with WAL, foreign keys and a busy timeout set.</summary>
    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (Provider == StorageProvider.Postgres)
        {
            var postgres = new NpgsqlConnection(_connectionString);
            try
            {
                await postgres.OpenAsync(cancellationToken);
                return postgres;
            }
            catch
            {
                await postgres.DisposeAsync();
                throw;
            }
        }

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
