using ReportForge.Data.Import;
using ReportForge.Data.Ingest;
using ReportForge.Data.Sources.Http;

namespace ReportForge.Data.Sources.Feeds;

/// <summary>Ingests the configured news feeds as catalysts, one batch per feed; a feed that refuses us is skipped with a warning.</summary>
public sealed class FeedSource(FeedClient client, FeedOptions options) : IIngestSource
{
    public const string SourceName = "feeds";

    public string Name => SourceName;

    public DataSource Registration { get; } = new(SourceName, "News headlines from RSS/Atom feeds", false, false);

    public async Task IngestAsync(IngestWindow window, IngestBatchWriter writer, CancellationToken cancellationToken)
    {
        for (var i = 0; i < options.Feeds.Length; i++)
        {
            var feed = options.Feeds[i];
            writer.Report(i / (double)options.Feeds.Length, feed.Name);
            try
            {
                var items = await client.ItemsAsync(feed, window.From, window.To, cancellationToken);
                if (items.Count > 0)
                {
                    await writer.StoreAsync(new IngestBatch { Catalysts = items }, cancellationToken);
                }
            }
            catch (SourceBlockedException e)
            {
                // News sites behind bot protection answer 403 now and then; the other feeds still count.
                writer.Warn($"feed '{feed.Name}' skipped: {e.Message}");
            }
        }
    }
}
