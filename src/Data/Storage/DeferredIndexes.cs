using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;

namespace ReportForge.Data.Storage;

/// <summary>
/// The plain indexes of a SQLite table, dropped for a bulk load and built again afterwards from the CREATE INDEX text the
/// schema holds for them, all inside the load's transaction.
/// </summary>
/// <remarks>
/// Keeping an index up to date costs a B-tree insert per row; building it once after the load is one sort. The build reads
/// every row of the table, so it only pays off when the load brings more rows than the table already holds; a
/// smaller load keeps the indexes and maintains them row by row. The definitions are read from sqlite_schema just before
/// the drop, so the rebuilt index is exactly what the migrations created. SQLite's DDL is transactional: a load that is
/// rolled back (a refused file, an error) leaves the indexes as they were. Unique indexes stay: they decide conflicts.
/// </remarks>
internal sealed class DeferredIndexes
{
    private readonly SqliteTransaction _transaction;
    private readonly IReadOnlyList<string> _definitions;

    private DeferredIndexes(SqliteTransaction transaction, IReadOnlyList<string> definitions)
    {
        _transaction = transaction;
        _definitions = definitions;
    }

    /// <summary>
    /// Drops the plain indexes of <paramref name="table"/> when it holds fewer rows than <paramref name="incomingRows"/>;
    /// returns what rebuilds them, or null when the indexes stay (a smaller load, or PostgreSQL).
    /// </summary>
    /// <remarks>PostgreSQL keeps its indexes: this is a SQLite measurement and has not been made there.</remarks>
    public static DeferredIndexes? DropForBulkLoad(DbTransaction transaction, string table, long incomingRows, CancellationToken cancellationToken)
    {
        if (transaction is not SqliteTransaction sqlite)
        {
            return null;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var connection = sqlite.Connection!;
        // One B-tree seek, where COUNT(*) would read every row. After deletes it counts high, which only keeps the indexes.
        var held = connection.ExecuteScalar<long?>($"SELECT max(rowid) FROM \"{table}\"", transaction: sqlite) ?? 0;
        if (held >= incomingRows)
        {
            return null;
        }

        var indexes = connection.Query<(string Name, string Sql)>(
            """
            SELECT s.name, s.sql
            FROM pragma_index_list(@table) AS l
            JOIN sqlite_schema AS s ON s.type = 'index' AND s.name = l.name
            WHERE l.origin = 'c' AND l."unique" = 0
            ORDER BY s.name
            """, new { table }, sqlite).ToList();
        if (indexes.Count == 0)
        {
            return null;
        }

        foreach (var (name, _) in indexes)
        {
            connection.Execute($"DROP INDEX \"{name}\"", transaction: sqlite);
        }

        return new DeferredIndexes(sqlite, indexes.Select(i => i.Sql).ToList());
    }

    /// <summary>Builds the dropped indexes again from their definitions, in the load's transaction.</summary>
    public void Rebuild(CancellationToken cancellationToken)
    {
        // The build sorts every row's index entry: with the default 2 MB cache the sorter spills to temporary files.
        using var cache = PageCache.Raise(_transaction, PageCache.BulkKib);
        foreach (var definition in _definitions)
        {
            cancellationToken.ThrowIfCancellationRequested();
            _transaction.Connection!.Execute(definition, transaction: _transaction);
        }
    }
}
