using System.Data.Common;
using Dapper;
using ReportForge.Data.Catalysts;

namespace ReportForge.Data.Sources.Feeds;

/// <summary>Stores feed headlines as catalysts, one row per link: a story whose date or title a feed later edits is not stored twice.</summary>
public static class FeedCatalystStore
{
    /// <summary>Upserts the catalysts; one whose link is already stored keeps the stored time and title (its summary and category are refreshed).</summary>
    public static int Upsert(DbTransaction transaction, IReadOnlyList<Catalyst> catalysts, CancellationToken cancellationToken)
    {
        var connection = transaction.Connection!;
        var resolved = new List<Catalyst>(catalysts.Count);
        var links = new HashSet<string>(StringComparer.Ordinal);
        foreach (var catalyst in catalysts)
        {
            if (catalyst.Url.Length == 0)
            {
                resolved.Add(catalyst);
                continue;
            }

            if (!links.Add(catalyst.Url))
            {
                continue;
            }

            var known = connection.QueryFirstOrDefault<KnownRow>(new CommandDefinition(
                "SELECT time AS Time, title AS Title FROM catalysts WHERE url = @Url ORDER BY id LIMIT 1",
                new { catalyst.Url }, transaction, cancellationToken: cancellationToken));
            resolved.Add(known is null ? catalyst : catalyst with { Time = DateTimeOffset.FromUnixTimeMilliseconds(known.Time), Title = known.Title });
        }

        return CatalystStore.Upsert(transaction, resolved, cancellationToken);
    }

    private sealed record KnownRow
    {
        public long Time { get; init; }
        public string Title { get; init; } = "";
    }
}
