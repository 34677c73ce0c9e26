using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace ReportForge.Data.Tests.Sources;

/// <summary>How a scripted connection ends after its messages: the server cuts it, or holds it until the client leaves.</summary>
public enum StreamEnd
{
    Drop,
    Hold,
}

/// <summary>What the replay server does on one connection.</summary>
public sealed record ScriptedConnection(IReadOnlyList<string> Messages, StreamEnd End);

/// <summary>A WebSocket endpoint that replays recorded messages, connection by connection, and records what clients send.</summary>
public sealed class StreamScript
{
    private int _accepted;

    public List<ScriptedConnection> Connections { get; } = [];

    /// <summary>Replay only after the client's first message (its subscription), as Bybit and OKX do.</summary>
    public bool AwaitSubscription { get; init; }

    /// <summary>Text messages clients sent (subscriptions, pings), with the connection they came on.</summary>
    public ConcurrentQueue<(int Connection, string Text)> Received { get; } = new();

    public int Accepted => Volatile.Read(ref _accepted);

    public static IReadOnlyList<string> Recorded(string source, string file) =>
        File.ReadAllLines(Reply.FixturePath(source, file)).Where(l => l.Length > 0).ToList();

    public async Task HandleAsync(HttpContext context)
    {
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var index = Interlocked.Increment(ref _accepted) - 1;
        var script = index < Connections.Count ? Connections[index] : new ScriptedConnection([], StreamEnd.Hold);
        var reading = ReadAsync(socket, index);
        var waited = 0;
        while (AwaitSubscription && !Received.Any(r => r.Connection == index) && waited++ < 500)
        {
            await Task.Delay(10);
        }

        foreach (var message in script.Messages)
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, true, CancellationToken.None);
        }

        if (script.End == StreamEnd.Drop)
        {
            // Let the messages reach the client, then cut the connection without a close frame.
            await Task.Delay(200);
            context.Abort();
            return;
        }

        await reading;
    }

    private async Task ReadAsync(WebSocket socket, int index)
    {
        var buffer = new byte[8192];
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
                    return;
                }

                Received.Enqueue((index, Encoding.UTF8.GetString(buffer, 0, result.Count)));
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }
}
