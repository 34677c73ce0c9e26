namespace ReportForge.Data.Sources.Http;

/// <summary>A source request failed; the message names the URL and what went wrong.</summary>
public abstract class SourceException(string message, Uri url, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The request that failed.</summary>
    public Uri Url { get; } = url;
}

/// <summary>A response arrived but does not hold what the documented format promises (a field, a type, the JSON itself).</summary>
public sealed class SourceResponseException(Uri url, string field, string reason)
    : SourceException($"GET {url}: field '{field}': {reason}", url)
{
    /// <summary>Where in the response the problem is, e.g. <c>[3][4]</c> or <c>data[0].fundingRate</c>.</summary>
    public string Field { get; } = field;

    /// <summary>What is wrong with it.</summary>
    public string Reason { get; } = reason;
}

/// <summary>Why a source refused to serve us.</summary>
public enum SourceBlockReason
{
    /// <summary>HTTP 418: the IP is banned for ignoring rate limits.</summary>
    Banned,

    /// <summary>HTTP 451: the service is unavailable from this region.</summary>
    RegionBlocked,

    /// <summary>HTTP 403: forbidden (region block or rate-limit penalty, depending on the source).</summary>
    Forbidden,

    /// <summary>HTTP 401: the API key is missing or refused.</summary>
    Unauthorized,
}

/// <summary>The source refused the request in a way a retry cannot fix (banned, region-blocked, forbidden, bad key).</summary>
public sealed class SourceBlockedException(Uri url, SourceBlockReason reason, int status, string detail)
    : SourceException($"GET {url}: HTTP {status} {Describe(reason)}{(detail.Length > 0 ? ": " + detail : "")}", url)
{
    public SourceBlockReason Reason { get; } = reason;
    public int Status { get; } = status;

    private static string Describe(SourceBlockReason reason) => reason switch
    {
        SourceBlockReason.Banned => "banned: this IP ignored the rate limit and is blocked for a while; wait before trying again",
        SourceBlockReason.RegionBlocked => "region-blocked: the source does not serve this region; run from another region or use another source for these assets",
        SourceBlockReason.Forbidden => "forbidden: the source refuses this IP (region block or rate-limit penalty)",
        _ => "unauthorized: the API key is missing or refused; check the key in the configuration",
    };
}

/// <summary>The source kept failing (5xx, 429, timeouts, network) until the retries ran out, or answered with another error status.</summary>
public sealed class SourceUnavailableException(Uri url, string detail, Exception? inner = null, int? status = null)
    : SourceException($"GET {url}: {detail}", url, inner)
{
    /// <summary>The last HTTP status, when an answer arrived.</summary>
    public int? Status { get; } = status;

    /// <summary>The start of the error body, when an answer arrived.</summary>
    public string Detail { get; } = detail;
}
