using System.Globalization;
using Microsoft.Data.Sqlite;

namespace ReportForge.Data.Storage;

/// <summary>Raises a SQLite connection's page cache for one bulk operation and restores it afterwards (pooled connections keep their settings).</summary>
internal readonly struct PageCache : IDisposable
{
    /// <summary>The cache of a bulk write or index build: the touched pages of a few hundred thousand rows, and the sorter of an index build, stay in memory.</summary>
    public const int BulkKib = 64 * 1024;

    private readonly SqliteTransaction _transaction;
    private readonly long _previous;

    private PageCache(SqliteTransaction transaction, long previous)
    {
        _transaction = transaction;
        _previous = previous;
    }

    /// <summary>Sets the cache of the transaction's connection to <paramref name="kib"/> KiB until the returned scope is disposed.</summary>
    public static PageCache Raise(SqliteTransaction transaction, int kib)
    {
        using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "PRAGMA cache_size";
        var previous = (long)command.ExecuteScalar()!;
        command.CommandText = string.Create(CultureInfo.InvariantCulture, $"PRAGMA cache_size = -{kib}");
        command.ExecuteNonQuery();
        return new PageCache(transaction, previous);
    }

    public void Dispose()
    {
        using var command = _transaction.Connection!.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = string.Create(CultureInfo.InvariantCulture, $"PRAGMA cache_size = {_previous}");
        command.ExecuteNonQuery();
    }
}
