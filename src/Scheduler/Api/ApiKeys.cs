using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microsoft.Extensions.Options;
using ReportForge.Data.Storage;
using ReportForge.Scheduler.Service;

namespace ReportForge.Scheduler.Api;

/// <summary>API keys: only SHA-256 hashes are kept (configuration, the api_keys table); a presented key is compared in constant time.</summary>
/// <remarks>Keys are 32 random bytes, so a fast hash is enough: there is no low-entropy secret for a slow KDF to protect.</remarks>
public sealed class ApiKeys(ReportForgeDatabase database, IOptions<ServiceOptions> options, TimeProvider clock) : IDisposable
{
    public const string Header = "X-Api-Key";

    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(10);
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private byte[][] _hashes = [];
    private DateTimeOffset _loadedAt = DateTimeOffset.MinValue;

    /// <summary>A new random key, shown once.</summary>
    public static string Generate() =>
        "rf_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Lower-case hex SHA-256 of a key, the form stored and configured.</summary>
    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>True when <paramref name="presented"/> is a known, unrevoked key. Every stored hash is compared, with no early exit.</summary>
    public async Task<bool> IsValidAsync(string? presented, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(presented) || presented.Length > 256)
        {
            return false;
        }

        var hashes = await HashesAsync(cancellationToken);
        var candidate = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        var match = false;
        foreach (var hash in hashes)
        {
            match |= CryptographicOperations.FixedTimeEquals(candidate, hash);
        }

        return match;
    }

    /// <summary>Creates a key under <paramref name="name"/> and returns it; only its hash is stored.</summary>
    public async Task<string> CreateAsync(string name, CancellationToken cancellationToken)
    {
        var key = Generate();
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO api_keys (name, key_hash, created_at) VALUES (@name, @hash, @now)",
            new { name, hash = Hash(key), now = clock.GetUtcNow().ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken));
        _loadedAt = DateTimeOffset.MinValue;
        return key;
    }

    public async Task<bool> RevokeAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        _loadedAt = DateTimeOffset.MinValue;
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE api_keys SET revoked_at = @now WHERE name = @name AND revoked_at IS NULL",
            new { name, now = clock.GetUtcNow().ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken)) > 0;
    }

    /// <summary>Whether any key is configured or stored (the service warns at start when none is).</summary>
    public async Task<int> CountAsync(CancellationToken cancellationToken) => (await HashesAsync(cancellationToken)).Length;

    public void Dispose() => _refresh.Dispose();

    private async Task<byte[][]> HashesAsync(CancellationToken cancellationToken)
    {
        if (clock.GetUtcNow() - _loadedAt < CacheFor)
        {
            return _hashes;
        }

        await _refresh.WaitAsync(cancellationToken);
        try
        {
            if (clock.GetUtcNow() - _loadedAt < CacheFor)
            {
                return _hashes;
            }

            var hashes = new List<byte[]>();
            foreach (var key in options.Value.Api.Keys)
            {
                if (key.Sha256 is { Length: 64 } hex)
                {
                    hashes.Add(Convert.FromHexString(hex));
                }
                else if (!string.IsNullOrEmpty(key.Key))
                {
                    hashes.Add(Convert.FromHexString(Hash(key.Key)));
                }
            }

            await using var connection = await database.OpenAsync(cancellationToken);
            hashes.AddRange((await connection.QueryAsync<string>(new CommandDefinition(
                "SELECT key_hash FROM api_keys WHERE revoked_at IS NULL", cancellationToken: cancellationToken))).Select(Convert.FromHexString));
            _hashes = [.. hashes];
            _loadedAt = clock.GetUtcNow();
            return _hashes;
        }
        finally
        {
            _refresh.Release();
        }
    }
}

/// <summary>Refuses a request to /api without a valid X-Api-Key.</summary>
internal sealed class ApiKeyFilter(ApiKeys keys) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var presented = http.Request.Headers[ApiKeys.Header].ToString();
        if (string.IsNullOrEmpty(presented))
        {
            return Problems.Unauthorized($"The {ApiKeys.Header} header is missing: send an API key (create one with `reportforge apikey create --name <who>`).");
        }

        if (!await keys.IsValidAsync(presented, http.RequestAborted))
        {
            return Problems.Unauthorized($"The {ApiKeys.Header} header does not hold a known API key: check for a typo, or create a key with `reportforge apikey create --name <who>`.");
        }

        return await next(context);
    }
}
