using ReportForge.Data.Import;

namespace ReportForge.Data.Ingest;

/// <summary>A live source that brings a window of data into the database, one batch (own transaction) at a time.</summary>
public interface IIngestSource
{
    /// <summary>Name on the command line and on every stored row, e.g. binance.</summary>
    string Name { get; }

    /// <summary>How the source is registered in the sources table.</summary>
    DataSource Registration { get; }

    /// <summary>Fetches the window and hands each page to <paramref name="writer"/>; throws a SourceException when the source fails.</summary>
    Task IngestAsync(IngestWindow window, IngestBatchWriter writer, CancellationToken cancellationToken);
}

/// <summary>The half-open time range [From, To) an ingest run covers.</summary>
public sealed record IngestWindow(DateTimeOffset From, DateTimeOffset To)
{
    /// <summary>The part of the window no older than <paramref name="earliest"/>, or null when none is left.</summary>
    public IngestWindow? NotBefore(DateTimeOffset earliest) =>
        earliest >= To ? null : this with { From = From > earliest ? From : earliest };

    public override string ToString() =>
        $"{From.UtcDateTime.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture)} – {To.UtcDateTime.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture)} UTC";
}

/// <summary>How far a running ingest has got.</summary>
public sealed record IngestProgress(string Source, double Fraction, string Step);
