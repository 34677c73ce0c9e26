namespace ReportForge.Data.Sources.Http;

/// <summary>HTTP settings every source shares: whether it runs, timeouts, retries and its request-weight limit.</summary>
public class SourceClientOptions
{
    /// <summary>Whether <c>reportforge ingest all</c> runs this source.</summary>
    public bool Enabled { get; set; }

    /// <summary>Time allowed for one attempt, body included.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries after the first attempt on 429, 5xx, timeouts and network errors.</summary>
    public int MaxRetries { get; set; } = 4;

    /// <summary>First back-off delay; it doubles per retry, with jitter.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait between attempts; a Retry-After asking for longer ends the run instead.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Request weight allowed per <see cref="RequestWeightWindow"/> (kept below the source's documented limit).</summary>
    public int RequestWeightLimit { get; set; } = 600;

    /// <summary>The window of <see cref="RequestWeightLimit"/>.</summary>
    public TimeSpan RequestWeightWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>User-Agent sent with every request (some feeds refuse the default one).</summary>
    public string UserAgent { get; set; } = "ReportForge/1.0 (+market briefs)";
}
