namespace ReportForge.Data.Sources.Http;

/// <summary>A token bucket of request weight per window, so a backfill stays under a source's documented limit.</summary>
/// <remarks>
/// Weights refill continuously. A request takes its weight at once, even into debt, and then waits until the debt
/// has refilled: concurrent callers queue up in order without a lock held across the wait.
/// </remarks>
public sealed class RequestWeightLimiter
{
    private readonly double _capacity;
    private readonly double _refillPerMs;
    private readonly TimeProvider _clock;
    private readonly Lock _lock = new();
    private double _available;
    private long _lastTimestamp;

    public RequestWeightLimiter(int weightPerWindow, TimeSpan window, TimeProvider clock)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(weightPerWindow);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        _capacity = weightPerWindow;
        _refillPerMs = weightPerWindow / window.TotalMilliseconds;
        _clock = clock;
        _available = weightPerWindow;
        _lastTimestamp = clock.GetTimestamp();
    }

    /// <summary>Takes <paramref name="weight"/> and waits until the bucket has covered it.</summary>
    public async ValueTask AcquireAsync(int weight, CancellationToken cancellationToken)
    {
        TimeSpan wait;
        lock (_lock)
        {
            var now = _clock.GetTimestamp();
            _available = Math.Min(_capacity, _available + (_clock.GetElapsedTime(_lastTimestamp, now).TotalMilliseconds * _refillPerMs));
            _lastTimestamp = now;
            _available -= Math.Min(weight, _capacity);
            wait = _available >= 0 ? TimeSpan.Zero : TimeSpan.FromMilliseconds(Math.Ceiling(-_available / _refillPerMs));
        }

        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, _clock, cancellationToken);
        }
    }
}
