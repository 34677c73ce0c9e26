using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ReportForge.Data.Tests.Sources;

/// <summary>What the fixture server answers to one request.</summary>
public sealed record Reply(int Status, byte[] Body, string ContentType = "application/json")
{
    public Dictionary<string, string> Headers { get; init; } = [];

    /// <summary>Send only the first half of the body, then cut the connection (the client sees a premature end).</summary>
    public bool CutConnection { get; init; }

    public static Reply Text(string body, string contentType = "application/json", int status = 200) => new(status, Encoding.UTF8.GetBytes(body), contentType);

    public static Reply Fixture(string source, string file, string contentType = "application/json") =>
        new(200, File.ReadAllBytes(FixturePath(source, file)), contentType);

    public static string FixturePath(string source, string file) => Path.Combine(AppContext.BaseDirectory, "Sources", source, "Fixtures", file);

    public static Reply WithStatus(int status, string body = "", int? retryAfterSeconds = null) =>
        new(status, Encoding.UTF8.GetBytes(body))
        {
            Headers = retryAfterSeconds is { } s ? new() { ["Retry-After"] = s.ToString(System.Globalization.CultureInfo.InvariantCulture) } : [],
        };

    /// <summary>The same answer with the body cut to its first half (a truncated document, delivered whole).</summary>
    public Reply Truncated() => this with { Body = Body[..(Body.Length / 2)] };
}

/// <summary>One request the server saw.</summary>
public sealed record SeenRequest(string Path, IQueryCollection Query, IReadOnlyDictionary<string, string?> Headers, DateTimeOffset At);

/// <summary>A real HTTP (and WebSocket) server on 127.0.0.1 that answers from recorded responses.</summary>
public sealed class FixtureServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FixtureServer(WebApplication app, Func<HttpContext, Task>? webSockets)
    {
        _app = app;
        _app.UseWebSockets();
        _app.Run(async context =>
        {
            if (context.WebSockets.IsWebSocketRequest && webSockets is not null)
            {
                await webSockets(context);
                return;
            }

            // Kestrel recycles request objects: keep copies.
            Requests.Enqueue(new SeenRequest(
                context.Request.Path.Value ?? "",
                new QueryCollection(context.Request.Query.ToDictionary(q => q.Key, q => q.Value)),
                context.Request.Headers.ToDictionary(h => h.Key, h => (string?)h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                DateTimeOffset.UtcNow));
            var reply = Handler(context.Request);
            context.Response.StatusCode = reply.Status;
            context.Response.ContentType = reply.ContentType;
            foreach (var (name, value) in reply.Headers)
            {
                context.Response.Headers[name] = value;
            }

            if (reply.CutConnection)
            {
                context.Response.ContentLength = reply.Body.Length;
                await context.Response.Body.WriteAsync(reply.Body.AsMemory(0, reply.Body.Length / 2));
                await context.Response.Body.FlushAsync();
                context.Abort();
                return;
            }

            await context.Response.Body.WriteAsync(reply.Body);
        });
    }

    /// <summary>Answers every HTTP request; replace it to script a scenario.</summary>
    public Func<HttpRequest, Reply> Handler { get; set; } = _ => Reply.WithStatus(404, "no fixture");

    public ConcurrentQueue<SeenRequest> Requests { get; } = new();

    public Uri BaseUrl { get; private set; } = null!;

    public Uri WebSocketUrl(string path) => new($"ws://{BaseUrl.Authority}{path}");

    public static async Task<FixtureServer> StartAsync(Func<HttpContext, Task>? webSockets = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var server = new FixtureServer(builder.Build(), webSockets);
        await server._app.StartAsync();
        var address = server._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri(address + "/");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
