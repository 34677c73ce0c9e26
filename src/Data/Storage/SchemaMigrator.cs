using System.Data.Common;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Dapper;

namespace ReportForge.Data.Storage;

/// <summary>Creates and upgrades the schema from the numbered SQL migrations embedded in this assembly.</summary>
public sealed partial class SchemaMigrator
{
    private const string ResourcePrefix = "ReportForge.Data.Migrations.";
    private const string PostgresResourcePrefix = "ReportForge.Data.Migrations.Postgres.";

    // One key for every ReportForge node: two nodes starting together against one PostgreSQL migrate one after the other.
    private const long MigrationLockKey = 0x5246_4D49_4752;
    private readonly ReportForgeDatabase _database;
    private readonly TimeProvider _clock;
    private readonly List<Migration> _migrations;

    public SchemaMigrator(ReportForgeDatabase database, TimeProvider clock)
        : this(database, clock, EmbeddedMigrations(database.Provider))
    {
    }

    internal SchemaMigrator(ReportForgeDatabase database, TimeProvider clock, IReadOnlyList<Migration> migrations)
    {
        _database = database;
        _clock = clock;
        _migrations = migrations.OrderBy(m => m.Version).ToList();
    }

    /// <summary>The highest schema version this build knows.</summary>
    public int LatestVersion => _migrations.Count == 0 ? 0 : _migrations[^1].Version;

    /// <summary>The migrations this build carries, lowest first.</summary>
    public IReadOnlyList<Migration> Migrations => _migrations;

    /// <summary>Applies every migration the database has not run yet; each in its own transaction.</summary>
    /// <returns>The versions applied by this call.</returns>
    /// <exception cref="SchemaTooNewException">The database was written by a newer ReportForge.</exception>
    public async Task<IReadOnlyList<int>> MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        if (_database.Provider == StorageProvider.Postgres)
        {
            await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(@MigrationLockKey)", new { MigrationLockKey }, cancellationToken: cancellationToken));
        }

        await connection.ExecuteAsync(new CommandDefinition(
            _database.Provider == StorageProvider.Sqlite
                ? """
                  CREATE TABLE IF NOT EXISTS schema_version (
                      version     INTEGER NOT NULL PRIMARY KEY,
                      name        TEXT    NOT NULL,
                      applied_at  INTEGER NOT NULL
                  )
                  """
                : """
                  CREATE TABLE IF NOT EXISTS schema_version (
                      version     INTEGER NOT NULL PRIMARY KEY,
                      name        TEXT    NOT NULL,
                      applied_at  BIGINT  NOT NULL
                  )
                  """, cancellationToken: cancellationToken));

        var applied = (await connection.QueryAsync<int>(new CommandDefinition(
            "SELECT version FROM schema_version", cancellationToken: cancellationToken))).ToHashSet();
        var newest = applied.Count == 0 ? 0 : applied.Max();
        if (newest > LatestVersion)
        {
            throw new SchemaTooNewException(_database.FilePath, newest, LatestVersion);
        }

        var ran = new List<int>();
        foreach (var migration in _migrations.Where(m => !applied.Contains(m.Version)))
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition(migration.Sql, transaction: transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO schema_version (version, name, applied_at) VALUES (@Version, @Name, @At)",
                new { migration.Version, migration.Name, At = _clock.GetUtcNow().ToUnixTimeMilliseconds() },
                transaction, cancellationToken: cancellationToken));
            await transaction.CommitAsync(cancellationToken);
            ran.Add(migration.Version);
        }

        return ran;
    }

    /// <summary>The schema versions recorded as applied, lowest first.</summary>
    public async Task<IReadOnlyList<int>> AppliedVersionsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<int>(new CommandDefinition(
            "SELECT version FROM schema_version ORDER BY version", cancellationToken: cancellationToken));
        return rows.ToList();
    }

    /// <summary>The migrations embedded for <paramref name="provider"/>: Storage/Migrations for SQLite, Storage/Migrations/Postgres for PostgreSQL.</summary>
    internal static List<Migration> EmbeddedMigrations(StorageProvider provider)
    {
        var assembly = typeof(SchemaMigrator).Assembly;
        var migrations = new List<Migration>();
        var prefix = provider == StorageProvider.Sqlite ? ResourcePrefix : PostgresResourcePrefix;
        foreach (var resource in assembly.GetManifestResourceNames().Where(n =>
                     n.StartsWith(prefix, StringComparison.Ordinal)
                     && (provider == StorageProvider.Postgres || !n.StartsWith(PostgresResourcePrefix, StringComparison.Ordinal))))
        {
            var fileName = resource[prefix.Length..];
            var match = MigrationName().Match(fileName);
            if (!match.Success)
            {
                throw new InvalidOperationException($"Migration '{fileName}' must be named NNNN_name.sql.");
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            migrations.Add(new Migration(
                int.Parse(match.Groups["version"].Value, CultureInfo.InvariantCulture),
                match.Groups["name"].Value,
                reader.ReadToEnd()));
        }

        var duplicate = migrations.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Two migrations share version {duplicate.Key}.");
        }

        return migrations;
    }

    [GeneratedRegex(@"^(?<version>\d{4})_(?<name>[a-z0-9_]+)\.sql$")]
    private static partial Regex MigrationName();
}

/// <summary>One numbered schema change.</summary>
public sealed record Migration(int Version, string Name, string Sql);

/// <summary>The database carries a schema version newer than this build understands.</summary>
public sealed class SchemaTooNewException(string path, int databaseVersion, int knownVersion)
    : Exception($"The database '{path}' has schema version {databaseVersion}, but this ReportForge knows versions up to {knownVersion}. " +
                "It was written by a newer ReportForge: upgrade ReportForge, or point --data-dir at another folder.")
{
    public int DatabaseVersion { get; } = databaseVersion;
    public int KnownVersion { get; } = knownVersion;
}
