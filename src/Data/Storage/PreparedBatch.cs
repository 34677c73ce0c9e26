using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace ReportForge.Data.Storage;

/// <summary>Runs one prepared statement over many rows inside a caller's transaction.</summary>
/// <remarks>
/// Bulk writes bind parameters on one prepared command instead of going through Dapper per row:
/// that is several times faster for the hundreds of thousands of rows an import or collector writes.
/// Microsoft.Data.Sqlite's async methods complete synchronously, so this is synchronous on purpose.
/// On PostgreSQL the same statements (in their <see cref="SqlDialect"/> form) run through Npgsql commands.
/// </remarks>
internal static class PreparedBatch
{
    /// <summary>Executes <paramref name="sql"/> once per row; returns how many rows it inserted or changed.</summary>
    public static int Execute<T>(
        DbTransaction transaction,
        string sql,
        IReadOnlyList<string> parameterNames,
        IEnumerable<T> rows,
        Action<T, DbParameterCollection> bind,
        CancellationToken cancellationToken)
    {
        var provider = transaction is SqliteTransaction ? StorageProvider.Sqlite : StorageProvider.Postgres;
        using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = SqlDialect.For(provider, sql);
        foreach (var name in parameterNames)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = SqlDialect.Parameter(provider, name);
            parameter.Value = DBNull.Value;
            command.Parameters.Add(parameter);
        }

        if (provider == StorageProvider.Sqlite)
        {
            // Npgsql prepares on first execution once the values (and so the types) are known.
            command.Prepare();
        }

        var changed = 0;
        var count = 0;
        foreach (var row in rows)
        {
            if ((++count & 0x3FF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            bind(row, command.Parameters);
            changed += command.ExecuteNonQuery();
        }

        return changed;
    }

    /// <summary>
    /// Executes <paramref name="sql"/> once per row on a raw prepared statement of the transaction's connection, skipping the
    /// ADO.NET layer's per-call work (a data reader per execution, per-parameter type mapping); returns rows inserted or changed.
    /// </summary>
    /// <remarks>For the high-volume writes (single liquidation orders): the import and the collectors.</remarks>
    public static int ExecuteRaw<T>(
        DbTransaction transaction,
        string sql,
        IReadOnlyList<string> parameterNames,
        IEnumerable<T> rows,
        Action<T, StatementBinder> bind,
        CancellationToken cancellationToken)
    {
        if (transaction is not SqliteTransaction sqlite)
        {
            return Execute(transaction, sql, parameterNames, rows, (row, parameters) => bind(row, new StatementBinder(parameters)), cancellationToken);
        }

        return ExecuteRawSqlite(sqlite, sql, parameterNames, rows, bind, cancellationToken);
    }

    private static int ExecuteRawSqlite<T>(
        SqliteTransaction transaction,
        string sql,
        IReadOnlyList<string> parameterNames,
        IEnumerable<T> rows,
        Action<T, StatementBinder> bind,
        CancellationToken cancellationToken)
    {
        var db = transaction.Connection!.Handle!;
        // A bulk write into a table with two indexes outgrows SQLite's default 2 MB page cache and then spills pages
        // mid-transaction; a larger cache for the duration of the batch keeps the touched index pages in memory.
        using var cache = new CacheSize(transaction, BulkCacheKib);
        var rc = SQLitePCL.raw.sqlite3_prepare_v2(db, sql, out var statement);
        SqliteException.ThrowExceptionForRC(rc, db);
        using (statement)
        {
            var positions = parameterNames.Select(name => SQLitePCL.raw.sqlite3_bind_parameter_index(statement, name)).ToArray();
            if (positions.Any(p => p <= 0))
            {
                throw new InvalidOperationException($"A parameter of {string.Join(", ", parameterNames)} is not in the statement.");
            }

            var binder = new StatementBinder(statement, positions);
            var changed = 0;
            var count = 0;
            foreach (var row in rows)
            {
                if ((++count & 0x3FF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                bind(row, binder);
                rc = SQLitePCL.raw.sqlite3_step(statement);
                if (rc != SQLitePCL.raw.SQLITE_DONE)
                {
                    SQLitePCL.raw.sqlite3_reset(statement);
                    SqliteException.ThrowExceptionForRC(rc, db);
                }

                changed += SQLitePCL.raw.sqlite3_changes(db);
                SQLitePCL.raw.sqlite3_reset(statement);
            }

            return changed;
        }
    }

    private const int BulkCacheKib = 64 * 1024;

    // Raises the connection's page cache for a batch and restores it afterwards (pooled connections keep their settings).
    private readonly struct CacheSize : IDisposable
    {
        private readonly SqliteTransaction _transaction;
        private readonly long _previous;

        public CacheSize(SqliteTransaction transaction, int kib)
        {
            _transaction = transaction;
            using var command = transaction.Connection!.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "PRAGMA cache_size";
            _previous = (long)command.ExecuteScalar()!;
            command.CommandText = $"PRAGMA cache_size = -{kib}";
            command.ExecuteNonQuery();
        }

        public void Dispose()
        {
            using var command = _transaction.Connection!.CreateCommand();
            command.Transaction = _transaction;
            command.CommandText = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"PRAGMA cache_size = {_previous}");
            command.ExecuteNonQuery();
        }
    }

    /// <summary>The value to bind for an optional figure.</summary>
    public static object Nullable(double? value) => value.HasValue ? value.Value : DBNull.Value;

    /// <summary>The value to bind for an optional count.</summary>
    public static object Nullable(long? value) => value.HasValue ? value.Value : DBNull.Value;
}
