namespace ReportForge.Data.Storage;

/// <summary>Where the database lives: <c>ReportForge:Storage</c> in configuration (<c>ReportForge__Storage__Provider</c> in the environment).</summary>
public sealed class StorageOptions
{
    /// <summary><c>sqlite</c> (default: reportforge.db in the data folder) or <c>postgres</c> (needs <see cref="ConnectionString"/>).</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>For <c>postgres</c>: an Npgsql connection string, e.g. <c>Host=db;Port=5432;Database=reportforge;Username=rf;Password=…</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The engine named by <see cref="Provider"/>; throws with the accepted values when it names none.</summary>
    public StorageProvider ParsedProvider => Provider.Trim().ToUpperInvariant() switch
    {
        "SQLITE" or "" => StorageProvider.Sqlite,
        "POSTGRES" or "POSTGRESQL" => StorageProvider.Postgres,
        _ => throw new ArgumentException($"Storage provider '{Provider}' is not known; use 'sqlite' (the default) or 'postgres' with a connection string."),
    };

    /// <summary>The database these options name: a PostgreSQL database, or reportforge.db in <paramref name="dataDirectory"/>.</summary>
    public ReportForgeDatabase Open(string dataDirectory)
    {
        if (ParsedProvider == StorageProvider.Sqlite)
        {
            return ReportForgeDatabase.InDataDirectory(dataDirectory);
        }

        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            throw new ArgumentException("Storage provider 'postgres' needs a connection string: set ReportForge:Storage:ConnectionString (ReportForge__Storage__ConnectionString) or pass --connection-string.");
        }

        // The data folder still holds what is not in the database (archived PDFs, template files).
        Directory.CreateDirectory(dataDirectory);
        return ReportForgeDatabase.Postgres(ConnectionString);
    }
}
