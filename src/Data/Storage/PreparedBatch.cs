using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ReportForge.Data.Storage;

/// <summary>Runs one prepared statement over many rows inside a caller's transaction.</summary>
/// <remarks>
/// Bulk writes bind parameters on one prepared command instead of going through Dapper per row:
/// that is several times faster for the hundreds of thousands of rows an import or collector writes.
/// Microsoft.Data.Sqlite's async methods complete synchronously, so this is synchronous on purpose.
/// On PostgreSQL the same statements (in their <see cref="SqlDialect"/> form) go a few hundred rows per round trip, as one
/// Npgsql batch of prepared commands.
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
        if (transaction is NpgsqlTransaction postgres)
        {
            return ExecutePostgres(postgres, sql, parameterNames, rows, bind, cancellationToken);
        }

        using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in parameterNames)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = DBNull.Value;
            command.Parameters.Add(parameter);
        }

        command.Prepare();

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

    // Rows sent to PostgreSQL in one round trip. One command per row cost a round trip and a parse per row: 300,000 orders
    // took 24-28 s on a local server; batched and prepared, 4.5-6.6 s.
    private const int PostgresRowsPerRoundTrip = 256;

    private static int ExecutePostgres<T>(
        NpgsqlTransaction transaction,
        string sql,
        IReadOnlyList<string> parameterNames,
        IEnumerable<T> rows,
        Action<T, DbParameterCollection> bind,
        CancellationToken cancellationToken)
    {
        var text = SqlDialect.For(StorageProvider.Postgres, sql);
        var names = parameterNames.Select(n => SqlDialect.Parameter(StorageProvider.Postgres, n)).ToArray();
        using var batch = new NpgsqlBatch(transaction.Connection, transaction);
        var changed = 0;
        foreach (var row in rows)
        {
            // Fresh parameters per command: Npgsql resolves a parameter's type once, from its first value.
            var command = new NpgsqlBatchCommand(text);
            foreach (var name in names)
            {
                command.Parameters.Add(new NpgsqlParameter(name, DBNull.Value));
            }

            bind(row, command.Parameters);
            batch.BatchCommands.Add(command);
            if (batch.BatchCommands.Count == PostgresRowsPerRoundTrip)
            {
                cancellationToken.ThrowIfCancellationRequested();
                // The statement stays prepared on the connection: later batches of the same text reuse it.
                batch.Prepare();
                changed += batch.ExecuteNonQuery();
                batch.BatchCommands.Clear();
            }
        }

        if (batch.BatchCommands.Count > 0)
        {
            changed += batch.ExecuteNonQuery();
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

    // Rows per statement of a bulk write: each statement costs a VDBE start and a step/reset, so inserting many rows per
    // statement divides that cost among them. 16, 32 and 64 rows measure alike in the import benchmark; the smaller the
    // batch, the less goes again row by row when a batch meets a stored key.
    private const int RowsPerStatement = 16;

    // Rows that go one by one through the upsert after a batch met keys already stored: a re-import or an overlapping
    // window meets them in runs, and trying each batch as new first would look every key up twice.
    private const int RowsAfterConflict = 256;

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
        using var cache = PageCache.Raise(transaction, PageCache.BulkKib);
        using var single = RawStatement.Prepare(db, sql, parameterNames, 1);
        using var multiple = NewRowsSql(sql, parameterNames, RowsPerStatement) is { } multiSql
            ? RawStatement.Prepare(db, multiSql.Sql, multiSql.Names, RowsPerStatement)
            : null;
        var binder = new StatementBinder(single.Statement, single.Positions[0]);
        var multipleBinder = multiple is null ? null : new StatementBinder(multiple.Statement, multiple.Positions[0]);
        var pending = new List<T>(RowsPerStatement);
        var changed = 0;
        var count = 0;
        var singleRowsLeft = 0;
        foreach (var row in rows)
        {
            if ((++count & 0x3FF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (multiple is null || singleRowsLeft > 0)
            {
                singleRowsLeft = Math.Max(singleRowsLeft - 1, 0);
                changed += single.Run(db, binder, new ReadOnlySpan<T>(in row), bind);
                continue;
            }

            pending.Add(row);
            if (pending.Count == RowsPerStatement)
            {
                var batch = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(pending);
                var inserted = multiple.Run(db, multipleBinder!, batch, bind);
                changed += inserted;
                if (inserted < batch.Length)
                {
                    // Some keys were stored already: the upsert decides for each row of the batch. A row the batch has
                    // just inserted meets itself, and the upsert's WHERE leaves it unchanged.
                    foreach (var again in batch)
                    {
                        changed += single.Run(db, binder, new ReadOnlySpan<T>(in again), bind);
                    }

                    singleRowsLeft = RowsAfterConflict;
                }

                pending.Clear();
            }
        }

        // The last rows that do not fill a statement go one by one.
        foreach (var row in pending)
        {
            changed += single.Run(db, binder, new ReadOnlySpan<T>(in row), bind);
        }

        return changed;
    }

    /// <summary>
    /// For an upsert (INSERT … VALUES (…) ON CONFLICT …): the statement that inserts <paramref name="rows"/> new rows at once and
    /// skips those whose key is stored already (INSERT OR IGNORE … VALUES (…), (…), …), with each row's parameters renamed;
    /// null for any other statement.
    /// </summary>
    /// <remarks>
    /// Not the upsert itself repeated: a statement that writes several rows and may abort halfway (an upsert's DO UPDATE
    /// always may) makes SQLite copy every page it touches into a statement journal first, a temporary file; that cost
    /// more than the rows' own B-tree work (670 MB of journal for a 300,000-order import). OR IGNORE never aborts, so needs
    /// no journal. It would also skip a row that breaks a NOT NULL or CHECK constraint, so a batch that inserts fewer rows
    /// than it holds goes again through the upsert, which raises the error. That second pass meets the rows the batch has
    /// just inserted, so only an upsert that leaves an equal row alone (DO NOTHING, or DO UPDATE … WHERE) qualifies: any
    /// other would count those rows twice.
    /// </remarks>
    internal static (string Sql, string[] Names)? NewRowsSql(string sql, IReadOnlyList<string> parameterNames, int rows)
    {
        const string insert = "INSERT INTO ";
        const string values = "VALUES (";
        const string upsert = "ON CONFLICT";
        var trimmed = sql.TrimStart();
        var start = trimmed.IndexOf(values, StringComparison.Ordinal);
        var end = start < 0 ? -1 : trimmed.IndexOf(')', start);
        var conflict = end < 0 ? -1 : trimmed.IndexOf(upsert, end, StringComparison.Ordinal);
        if (!trimmed.StartsWith(insert, StringComparison.Ordinal) || conflict < 0 || trimmed.IndexOf(values, end, StringComparison.Ordinal) >= 0
            || trimmed[(end + 1)..conflict].Trim().Length > 0 || !LeavesEqualRowsAlone(trimmed[conflict..]))
        {
            return null;
        }

        var tuple = trimmed[(start + values.Length - 1)..(end + 1)];
        var names = new List<string>(parameterNames.Count * rows);
        var tuples = new List<string>(rows);
        for (var row = 0; row < rows; row++)
        {
            var renamed = tuple;
            // Longest names first, so that renaming $time never touches $timestamp.
            foreach (var name in parameterNames.OrderByDescending(n => n.Length))
            {
                renamed = renamed.Replace(name, Renamed(name, row), StringComparison.Ordinal);
            }

            tuples.Add(renamed);
            names.AddRange(parameterNames.Select(n => Renamed(n, row)));
        }

        return ("INSERT OR IGNORE INTO " + trimmed[insert.Length..(start + values.Length - 1)] + string.Join(", ", tuples), [.. names]);

        static string Renamed(string name, int row) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{name}_r{row}");

        static bool LeavesEqualRowsAlone(string clause)
        {
            var update = clause.IndexOf("DO UPDATE", StringComparison.Ordinal);
            return clause.Contains("DO NOTHING", StringComparison.Ordinal)
                   || (update >= 0 && clause.IndexOf("WHERE", update, StringComparison.Ordinal) >= 0);
        }
    }

    /// <summary>A raw prepared statement that writes <see cref="Rows"/> rows per step, with each row's parameter positions.</summary>
    private sealed class RawStatement : IDisposable
    {
        private RawStatement(SQLitePCL.sqlite3_stmt statement, int[][] positions)
        {
            Statement = statement;
            Positions = positions;
        }

        public SQLitePCL.sqlite3_stmt Statement { get; }

        public int[][] Positions { get; }

        public int Rows => Positions.Length;

        public static RawStatement Prepare(SQLitePCL.sqlite3 db, string sql, IReadOnlyList<string> names, int rows)
        {
            var rc = SQLitePCL.raw.sqlite3_prepare_v2(db, sql, out var statement);
            SqliteException.ThrowExceptionForRC(rc, db);
            var perRow = names.Count / rows;
            var positions = new int[rows][];
            for (var row = 0; row < rows; row++)
            {
                positions[row] = names.Skip(row * perRow).Take(perRow).Select(name => SQLitePCL.raw.sqlite3_bind_parameter_index(statement, name)).ToArray();
                if (positions[row].Any(p => p <= 0))
                {
                    statement.Dispose();
                    throw new InvalidOperationException($"A parameter of {string.Join(", ", names)} is not in the statement.");
                }
            }

            return new RawStatement(statement, positions);
        }

        /// <summary>Binds <paramref name="rows"/> (exactly <see cref="Rows"/>) and steps once; returns rows inserted or changed.</summary>
        public int Run<T>(SQLitePCL.sqlite3 db, StatementBinder binder, ReadOnlySpan<T> rows, Action<T, StatementBinder> bind)
        {
            for (var row = 0; row < rows.Length; row++)
            {
                binder.UsePositions(Positions[row]);
                bind(rows[row], binder);
            }

            var rc = SQLitePCL.raw.sqlite3_step(Statement);
            if (rc != SQLitePCL.raw.SQLITE_DONE)
            {
                SQLitePCL.raw.sqlite3_reset(Statement);
                SqliteException.ThrowExceptionForRC(rc, db);
            }

            var changed = SQLitePCL.raw.sqlite3_changes(db);
            SQLitePCL.raw.sqlite3_reset(Statement);
            return changed;
        }

        public void Dispose() => Statement.Dispose();
    }

    /// <summary>The value to bind for an optional figure.</summary>
    public static object Nullable(double? value) => value.HasValue ? value.Value : DBNull.Value;

    /// <summary>The value to bind for an optional count.</summary>
    public static object Nullable(long? value) => value.HasValue ? value.Value : DBNull.Value;
}
