using System.Data.Common;
using System.Globalization;
using System.Text;
using Dapper;

namespace ReportForge.Data.Storage;

/// <summary>How many rows one table of a copy carried.</summary>
public sealed record TableCopy(string Table, long Rows);

/// <summary>Copies every table of one ReportForge database into another (e.g. SQLite into PostgreSQL), table by table in batches.</summary>
/// <remarks>
/// Both databases are migrated to this build's schema first. The target must be empty, so a copy never mixes two
/// databases; each table is copied in its own transaction and the whole copy can be run again after emptying the target.
/// The nodes' own state (service_nodes, leases) is neither copied nor checked.
/// </remarks>
public sealed class DatabaseCopier(ReportForgeDatabase source, ReportForgeDatabase target, TimeProvider clock)
{
    private const int RowsPerStatement = 500;

    // What running nodes write about themselves, not data. The source's service is stopped: copied, its lease would keep
    // the new nodes' collectors waiting until it expired, and its node row would keep the deliveries it had claimed from
    // being taken over (a claim by a node missing from service_nodes is taken over at once).
    private static readonly string[] NodeState = ["service_nodes", "leases"];

    /// <summary>Copies all rows; returns the row count per table in copy order.</summary>
    /// <exception cref="InvalidOperationException">The target already holds data.</exception>
    public async Task<IReadOnlyList<TableCopy>> CopyAsync(IProgress<TableCopy>? progress, CancellationToken cancellationToken)
    {
        await new SchemaMigrator(source, clock).MigrateAsync(cancellationToken);
        await new SchemaMigrator(target, clock).MigrateAsync(cancellationToken);
        await using var from = await source.OpenAsync(cancellationToken);
        await using var to = await target.OpenAsync(cancellationToken);
        var tables = await TablesAsync(from, source.Provider, cancellationToken);
        foreach (var table in tables)
        {
            if (await to.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT COUNT(*) FROM {table}", cancellationToken: cancellationToken)) > 0)
            {
                throw new InvalidOperationException(
                    $"The target database {target.FilePath} already holds rows in '{table}'; copy into an empty database (drop and create it, then run the copy again).");
            }
        }

        var copies = new List<TableCopy>();
        foreach (var table in tables)
        {
            var copy = new TableCopy(table, await CopyTableAsync(from, to, table, cancellationToken));
            copies.Add(copy);
            progress?.Report(copy);
        }

        return copies;
    }

    // Creation order, so a referenced table (subscriptions) is filled before the table that refers to it.
    private static async Task<List<string>> TablesAsync(DbConnection connection, StorageProvider provider, CancellationToken cancellationToken)
    {
        var sql = provider == StorageProvider.Sqlite
            ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_version' ORDER BY rowid"
            : """
              SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE c.relkind = 'r' AND n.nspname = current_schema() AND c.relname <> 'schema_version' AND c.relname NOT LIKE 'qrtz%'
              ORDER BY c.oid
              """;
        return (await connection.QueryAsync<string>(new CommandDefinition(sql, cancellationToken: cancellationToken)))
            .Where(table => !NodeState.Contains(table, StringComparer.Ordinal))
            .ToList();
    }

    private async Task<long> CopyTableAsync(DbConnection from, DbConnection to, string table, CancellationToken cancellationToken)
    {
        await using var read = from.CreateCommand();
        read.CommandText = $"SELECT * FROM {table}";
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
        await using var transaction = await to.BeginTransactionAsync(cancellationToken);
        var rows = new List<object[]>(RowsPerStatement);
        long copied = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            var values = new object[columns.Length];
            reader.GetValues(values);
            rows.Add(values);
            if (rows.Count == RowsPerStatement)
            {
                copied += await InsertAsync(to, transaction, table, columns, rows, cancellationToken);
                rows.Clear();
            }
        }

        if (rows.Count > 0)
        {
            copied += await InsertAsync(to, transaction, table, columns, rows, cancellationToken);
        }

        if (target.Provider == StorageProvider.Postgres && columns.Contains("id", StringComparer.Ordinal)
            && await to.ExecuteScalarAsync<string?>(new CommandDefinition("SELECT pg_get_serial_sequence(@table, 'id')", new { table }, transaction, cancellationToken: cancellationToken)) is { } sequence)
        {
            // Copied ids were given explicitly; the identity must continue after the highest of them.
            await to.ExecuteAsync(new CommandDefinition(
                $"SELECT setval(@sequence, COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)", new { sequence }, transaction, cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
        return copied;
    }

    private static async Task<int> InsertAsync(DbConnection to, DbTransaction transaction, string table, string[] columns, List<object[]> rows, CancellationToken cancellationToken)
    {
        await using var insert = to.CreateCommand();
        insert.Transaction = transaction;
        var sql = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES "));
        for (var r = 0; r < rows.Count; r++)
        {
            sql.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < columns.Length; c++)
            {
                var name = string.Create(CultureInfo.InvariantCulture, $"@p{r}_{c}");
                sql.Append(c == 0 ? name : ", " + name);
                var parameter = insert.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = rows[r][c];
                insert.Parameters.Add(parameter);
            }

            sql.Append(')');
        }

        insert.CommandText = sql.ToString();
        return await insert.ExecuteNonQueryAsync(cancellationToken);
    }
}
