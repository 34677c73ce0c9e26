using System.Net;
using System.Text;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace ReportForge.Data.Sources.Http;

/// <summary>GET requests of one source through its named HttpClient: weight limit, per-attempt timeout, jittered retries honouring Retry-After.</summary>
/// <remarks>
/// 429 and 5xx are retried; 401, 403, 418 and 451 are reported as what they are at once, because
/// retrying a ban or a region block only makes it longer.
/// </remarks>
public sealed class SourceHttpClient
{
    private readonly Func<HttpClient> _http;
    private readonly SourceClientOptions _options;
    private readonly RequestWeightLimiter _limiter;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    // http hands out the named HttpClient from IHttpClientFactory on each request, so handlers rotate.
    public SourceHttpClient(string sourceName, Func<HttpClient> http, SourceClientOptions options, TimeProvider clock)
    {
        SourceName = sourceName;
        _http = http;
        _options = options;
        _limiter = new RequestWeightLimiter(options.RequestWeightLimit, options.RequestWeightWindow, clock);
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = clock };
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryDelay,
                MaxDelay = options.MaxRetryDelay,
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result)),
            });
        }

        builder.AddTimeout(options.RequestTimeout);
        _pipeline = builder.Build();
    }

    /// <summary>Name of the source, as stored with its rows.</summary>
    public string SourceName { get; }

    /// <summary>Fetches <paramref name="url"/>; returns the buffered body of a 2xx answer or throws a <see cref="SourceException"/>.</summary>
    public async Task<SourceResponse> GetAsync(Uri url, int weight, IReadOnlyDictionary<string, string>? headers, CancellationToken cancellationToken)
    {
        var attempts = 0;
        HttpResponseMessage response;
        try
        {
            response = await _pipeline.ExecuteAsync(async token =>
            {
                attempts++;
                await _limiter.AcquireAsync(weight, token);
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                if (headers is not null)
                {
                    foreach (var (name, value) in headers)
                    {
                        request.Headers.TryAddWithoutValidation(name, value);
                    }
                }

                var answer = await _http().SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token);
                if (answer.IsSuccessStatusCode)
                {
                    // Read the body inside the attempt, so its timeout and retries cover a body that stalls or breaks off.
                    await answer.Content.LoadIntoBufferAsync(token);
                }

                return answer;
            }, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or HttpIOException or TimeoutRejectedException && !cancellationToken.IsCancellationRequested)
        {
            var what = e is TimeoutRejectedException ? $"no complete answer within {_options.RequestTimeout.TotalSeconds:0.#} s" : e.Message;
            throw new SourceUnavailableException(url, $"{what} (after {attempts} attempt{(attempts == 1 ? "" : "s")})", e);
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return new SourceResponse(url, await response.Content.ReadAsByteArrayAsync(cancellationToken));
            }

            var detail = await ExcerptAsync(response, cancellationToken);
            throw response.StatusCode switch
            {
                (HttpStatusCode)418 => new SourceBlockedException(url, SourceBlockReason.Banned, status, detail),
                HttpStatusCode.UnavailableForLegalReasons => new SourceBlockedException(url, SourceBlockReason.RegionBlocked, status, detail),
                HttpStatusCode.Forbidden => new SourceBlockedException(url, SourceBlockReason.Forbidden, status, detail),
                HttpStatusCode.Unauthorized => new SourceBlockedException(url, SourceBlockReason.Unauthorized, status, detail),
                HttpStatusCode.TooManyRequests => new SourceUnavailableException(url,
                    $"HTTP 429 rate-limited after {attempts} attempt(s){(RetryAfterText(response) is { } wait ? $"; the source asks to wait {wait}" : "")}: {detail}", status: status),
                _ when status >= 500 => new SourceUnavailableException(url, $"HTTP {status} after {attempts} attempt(s); the source is failing, try again later: {detail}", status: status),
                _ => new SourceUnavailableException(url, $"HTTP {status}: {detail}", status: status),
            };
        }
    }

    private bool IsTransient(Outcome<HttpResponseMessage> outcome)
    {
        if (outcome.Exception is not null)
        {
            return outcome.Exception is HttpRequestException or HttpIOException or TimeoutRejectedException;
        }

        var response = outcome.Result!;
        var status = (int)response.StatusCode;
        if (status == 429)
        {
            // A wait longer than we are willing to sleep ends the run with the source's own request.
            return RetryAfter(response) is not { } wait || wait <= _options.MaxRetryDelay;
        }

        return status >= 500;
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage? response)
    {
        if (response?.Headers.RetryAfter is not { } retryAfter)
        {
            return null;
        }

        if (retryAfter.Delta is { } delta)
        {
            return delta;
        }

        return retryAfter.Date is { } date ? (date - DateTimeOffset.UtcNow) is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero : null;
    }

    private static string? RetryAfterText(HttpResponseMessage response) =>
        RetryAfter(response) is { } wait ? $"{wait.TotalSeconds:0} s" : null;

    private static async Task<string> ExcerptAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var flat = body.ReplaceLineEndings(" ").Trim();
            return flat.Length <= 300 ? flat : flat[..300] + "…";
        }
        catch (HttpRequestException)
        {
            return "";
        }
    }
}

/// <summary>The buffered body of a successful source response.</summary>
public sealed class SourceResponse(Uri url, byte[] body)
{
    public Uri Url { get; } = url;

    public byte[] Body { get; } = body;

    /// <summary>The body as UTF-8 text.</summary>
    public string Text() => Encoding.UTF8.GetString(Body);

    /// <summary>The body as JSON; malformed or truncated JSON is a <see cref="SourceResponseException"/>.</summary>
    public SourceJson Json() => SourceJson.Parse(this);
}
