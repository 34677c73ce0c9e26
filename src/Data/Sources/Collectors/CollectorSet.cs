namespace ReportForge.Data.Sources.Collectors;

/// <summary>The enabled liquidation collectors and their shared sink, run together until cancelled.</summary>
public sealed class CollectorSet(IEnumerable<LiquidationCollector> collectors, LiquidationOrderSink sink)
{
    public IReadOnlyList<LiquidationCollector> Collectors { get; } = collectors.ToList();

    public LiquidationOrderSink Sink { get; } = sink;

    /// <summary>Runs every collector and the sink; on cancellation the collectors stop first, then the sink writes what is left.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var sinkStop = new CancellationTokenSource();
        var sinkTask = Sink.RunAsync(sinkStop.Token);
        try
        {
            await Task.WhenAll(Collectors.Select(c => c.RunAsync(cancellationToken)));
        }
        finally
        {
            await sinkStop.CancelAsync();
            await sinkTask;
        }
    }
}
