using Microsoft.Data.Sqlite;

namespace ReportForge.Data.Storage;

/// <summary>Runs one prepared statement over many rows inside a caller's transaction.</summary>
/// <remarks>
/// Bulk writes bind parameters on one prepared command instead of going through Dapper per row:
/// that is several times faster for the hundreds of thousands of rows an import or collector writes.
/// Microsoft.Data.Sqlite's async methods complete synchronously, so this is synchronous on purpose.
/// </remarks>
internal static class PreparedBatch
{
    /// <summary>Executes <paramref name="sql"/> once per row; returns how many rows it inserted or changed.</summary>
    public static int Execute<T>(
        SqliteTransaction transaction,
        string sql,
        IReadOnlyList<string> parameterNames,
        IEnumerable<T> rows,
        Action<T, SqliteParameterCollection> bind,
        CancellationToken cancellationToken)
    {
        using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in parameterNames)
        {
            command.Parameters.Add(new SqliteParameter(name, null));
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

    /// <summary>The value to bind for an optional figure.</summary>
    public static object Nullable(double? value) => value.HasValue ? value.Value : DBNull.Value;

    /// <summary>The value to bind for an optional count.</summary>
    public static object Nullable(long? value) => value.HasValue ? value.Value : DBNull.Value;
}
