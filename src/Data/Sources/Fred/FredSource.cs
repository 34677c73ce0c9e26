using ReportForge.Data.Import;
using ReportForge.Data.Ingest;

namespace ReportForge.Data.Sources.Fred;

/// <summary>Ingests the configured FRED index closes as daily candles (NDX or SPX), so a risk-off day shows beside crypto.</summary>
public sealed class FredSource(FredClient client) : IIngestSource
{
    public const string SourceName = "fred";

    public string Name => SourceName;

    public DataSource Registration { get; } = new(SourceName, "FRED (Federal Reserve Bank of St. Louis) equity index closes", false, false);

    public async Task IngestAsync(IngestWindow window, IngestBatchWriter writer, CancellationToken cancellationToken)
    {
        writer.Report(0, "index closes");
        var candles = await client.ClosesAsync(window.From, window.To, cancellationToken);
        if (candles.Count > 0)
        {
            await writer.StoreAsync(new IngestBatch { Candles = candles }, cancellationToken);
        }
    }
}
