using System.Data.Common;
using Dapper;
using ReportForge.Data.Storage;

namespace ReportForge.Data.Import;

/// <summary>A named origin of stored rows (an imported dataset or a live source).</summary>
public sealed record DataSource(string Name, string Description, bool IsSample, bool Tracked);

/// <summary>Reads and writes the sources table.</summary>
public static class SourceStore
{
    /// <summary>Registers or updates a source inside the caller's transaction.</summary>
    public static Task UpsertAsync(DbTransaction transaction, DataSource source, CancellationToken cancellationToken) =>
        transaction.Connection!.ExecuteAsync(new CommandDefinition(SqlDialect.For(transaction.Connection!,
            """
            INSERT INTO sources (name, description, is_sample, tracked) VALUES (@Name, @Description, @IsSample, @Tracked)
            ON CONFLICT (name) DO UPDATE SET description = excluded.description, is_sample = excluded.is_sample, tracked = excluded.tracked
            WHERE sources.description IS NOT excluded.description OR sources.is_sample IS NOT excluded.is_sample
               OR sources.tracked IS NOT excluded.tracked
            """),
            // Flags are 0/1 integers on both engines (PostgreSQL does not turn a boolean parameter into an integer).
            new { source.Name, source.Description, IsSample = source.IsSample ? 1 : 0, Tracked = source.Tracked ? 1 : 0 },
            transaction, cancellationToken: cancellationToken));

    /// <summary>All registered sources by name.</summary>
    public static async Task<IReadOnlyDictionary<string, DataSource>> AllAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<SourceRow>(new CommandDefinition(
            "SELECT name AS Name, description AS Description, is_sample AS IsSample, tracked AS Tracked FROM sources",
            cancellationToken: cancellationToken));
        return rows.ToDictionary(s => s.Name, s => new DataSource(s.Name, s.Description, s.IsSample != 0, s.Tracked != 0), StringComparer.Ordinal);
    }

    private sealed record SourceRow
    {
        public string Name { get; init; } = "";
        public string Description { get; init; } = "";
        public long IsSample { get; init; }
        public long Tracked { get; init; }
    }
}
