using System.Data.Common;
using ReportForge.Data.Storage;

namespace ReportForge.Data.Catalysts;

/// <summary>Writes catalysts; a headline at the same time is the same catalyst.</summary>
public static class CatalystStore
{
    private const string UpsertSql =
        """
        INSERT INTO catalysts (time, title, category, summary, url, source)
        VALUES ($time, $title, $category, $summary, $url, $source)
        ON CONFLICT (time, title) DO UPDATE SET
            category = excluded.category, summary = excluded.summary, url = excluded.url, source = excluded.source
        WHERE catalysts.category IS NOT excluded.category OR catalysts.summary IS NOT excluded.summary
           OR catalysts.url IS NOT excluded.url OR catalysts.source IS NOT excluded.source
        """;

    private static readonly string[] Parameters = ["$time", "$title", "$category", "$summary", "$url", "$source"];

    /// <summary>Inserts new catalysts and updates changed ones; returns how many rows changed.</summary>
    public static int Upsert(DbTransaction transaction, IEnumerable<Catalyst> catalysts, CancellationToken cancellationToken) =>
        PreparedBatch.Execute(transaction, UpsertSql, Parameters, catalysts, static (c, p) =>
        {
            p[0].Value = c.Time.ToUnixTimeMilliseconds();
            p[1].Value = c.Title;
            p[2].Value = c.Category;
            p[3].Value = c.Summary;
            p[4].Value = c.Url;
            p[5].Value = c.Source;
        }, cancellationToken);
}
