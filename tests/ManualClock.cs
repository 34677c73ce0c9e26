namespace ReportForge.Tests;

/// <summary>A clock a test moves by hand: leases, heartbeats and repeat windows are measured on it.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
