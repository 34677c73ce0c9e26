using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using ReportForge.Data.Liquidations;
using ReportForge.Data.Sources.Http;

namespace ReportForge.Data.Sources.Collectors;

/// <summary>Keeps one exchange's liquidation stream connected and hands its orders to the sink.</summary>
/// <remarks>
/// Reconnects with jittered exponential back-off and records each disconnected span as a gap.
/// Before <see cref="CollectorOptions.MaxConnectionAge"/> it opens a new connection first and only then
/// closes the old one (which is read to its end), so a renewal loses nothing; repeats are dropped by the sink.
/// </remarks>
public abstract class LiquidationCollector
{
    private readonly CollectorOptions _options;
    private readonly LiquidationOrderSink _sink;
    private readonly ILogger _logger;
    private int _connections;
    private long _messages;
    private long _badMessages;

    protected LiquidationCollector(string name, Uri url, CollectorOptions options, LiquidationOrderSink sink, TimeProvider clock, ILogger logger)
    {
        Name = name;
        Url = url;
        _options = options;
        _sink = sink;
        Clock = clock;
        _logger = logger;
    }

    /// <summary>Exchange name, e.g. Binance.</summary>
    public string Name { get; }

    public Uri Url { get; }

    /// <summary>Successful connections so far (the first one plus reconnects and renewals).</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Messages received so far.</summary>
    public long Messages => Interlocked.Read(ref _messages);

    /// <summary>Messages that could not be read (skipped and logged).</summary>
    public long BadMessages => Interlocked.Read(ref _badMessages);

    protected TimeProvider Clock { get; }

    /// <summary>Runs until cancelled: connect, subscribe, receive; reconnect on any drop.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var delay = _options.ReconnectDelay;
        Connection? current = null;
        DateTimeOffset? gapStart = null;
        var gapReason = "not connected yet";
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    if (current is null)
                    {
                        current = await OpenAsync(cancellationToken);
                        if (gapStart is { } start)
                        {
                            await _sink.RecordGapAsync(Name, start, current.ConnectedAt, gapReason, CancellationToken.None);
                            gapStart = null;
                        }

                        delay = _options.ReconnectDelay;
                    }

                    var renewIn = current.ConnectedAt + _options.MaxConnectionAge - Clock.GetUtcNow();
                    using var renewal = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    var timer = Task.Delay(renewIn > TimeSpan.Zero ? renewIn : TimeSpan.Zero, Clock, renewal.Token);
                    var first = await Task.WhenAny(current.Receiving, timer);
                    await renewal.CancelAsync();
                    if (first == current.Receiving)
                    {
                        var reason = await current.Receiving;
                        _logger.LogWarning("{Collector} stream dropped: {Reason}; reconnecting", Name, reason);
                        current.Dispose();
                        current = null;
                        gapStart = Clock.GetUtcNow();
                        gapReason = reason;
                    }
                    else
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        _logger.LogInformation("{Collector} renewing its connection before the exchange's 24 h limit", Name);
                        var next = await OpenAsync(cancellationToken);
                        await RetireAsync(current);
                        current = next;
                        continue;
                    }
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception e) when (e is WebSocketException or IOException or HttpRequestException or SourceException or InvalidOperationException)
                {
                    _logger.LogWarning("{Collector} connection failed: {Error}", Name, e.Message);
                    current?.Dispose();
                    current = null;
                    gapStart ??= Clock.GetUtcNow();
                    gapReason = e.Message;
                }

                try
                {
                    await Task.Delay(Jitter(delay), Clock, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxReconnectDelay.Ticks));
            }
        }
        finally
        {
            if (current is not null)
            {
                await RetireAsync(current);
            }
        }
    }

    /// <summary>Work before each connection (e.g. loading contract sizes).</summary>
    protected virtual Task PrepareAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Subscription messages sent right after connecting.</summary>
    protected virtual IEnumerable<string> SubscribeMessages() => [];

    /// <summary>The application-level ping text, for exchanges that drop a silent connection; null when the protocol ping is enough.</summary>
    protected virtual string? PingMessage => null;

    /// <summary>Orders in one text message (acks, pongs and other events yield none); throws on a message that does not fit the format.</summary>
    protected abstract IReadOnlyList<LiquidationOrder> Parse(string message);

    private async Task<Connection> OpenAsync(CancellationToken cancellationToken)
    {
        await PrepareAsync(cancellationToken);
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(20);
        socket.Options.KeepAliveTimeout = TimeSpan.FromSeconds(20);
        try
        {
            await socket.ConnectAsync(Url, cancellationToken);
            foreach (var message in SubscribeMessages())
            {
                await socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, true, cancellationToken);
            }
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        Interlocked.Increment(ref _connections);
        var stop = new CancellationTokenSource();
        _logger.LogInformation("{Collector} connected to {Url}", Name, Url);
        return new Connection(socket, Clock.GetUtcNow(), ReceiveAsync(socket, stop.Token), PingAsync(socket, stop.Token), stop);
    }

    private async Task<string> ReceiveAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer.GetMemory(8 * 1024), cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return $"closed by the server ({socket.CloseStatus} {socket.CloseStatusDescription})".TrimEnd();
                }

                buffer.Advance(result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }

                if (result.MessageType == WebSocketMessageType.Text)
                {
                    Handle(Encoding.UTF8.GetString(buffer.WrittenSpan));
                }

                buffer.ResetWrittenCount();
            }
        }
        catch (OperationCanceledException)
        {
            return "stopped";
        }
        catch (Exception e) when (e is WebSocketException or IOException)
        {
            return e.Message;
        }
    }

    private void Handle(string message)
    {
        Interlocked.Increment(ref _messages);
        try
        {
            var orders = Parse(message);
            if (orders.Count > 0)
            {
                _sink.Add(orders);
            }
        }
        catch (Exception e) when (e is JsonException or SourceResponseException or FormatException or KeyNotFoundException or InvalidOperationException)
        {
            Interlocked.Increment(ref _badMessages);
            _logger.LogWarning("{Collector} skipped a message it could not read ({Error}): {Message}", Name, e.Message, message.Length > 200 ? message[..200] : message);
        }
    }

    private async Task PingAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        if (PingMessage is not { } ping)
        {
            return;
        }

        try
        {
            using var timer = new PeriodicTimer(_options.PingInterval, Clock);
            while (await timer.WaitForNextTickAsync(cancellationToken) && socket.State == WebSocketState.Open)
            {
                await socket.SendAsync(Encoding.UTF8.GetBytes(ping), WebSocketMessageType.Text, true, cancellationToken);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException)
        {
            // The receive loop notices a broken connection; the ping loop just stops.
        }
    }

    // A retired connection is closed from our side and read until the server's close frame, so messages in flight are kept.
    private async Task RetireAsync(Connection connection)
    {
        try
        {
            if (connection.Socket.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await connection.Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "renewing", timeout.Token);
                await connection.Receiving.WaitAsync(TimeSpan.FromSeconds(5));
            }
        }
        catch (Exception e) when (e is WebSocketException or IOException or OperationCanceledException or TimeoutException or ObjectDisposedException)
        {
            _logger.LogDebug("{Collector} old connection did not close cleanly: {Error}", Name, e.Message);
        }
        finally
        {
            connection.Dispose();
        }
    }

    private static TimeSpan Jitter(TimeSpan delay) =>
        TimeSpan.FromTicks((long)(delay.Ticks * (0.8 + (Random.Shared.NextDouble() * 0.4))));

    private sealed class Connection(ClientWebSocket socket, DateTimeOffset connectedAt, Task<string> receiving, Task pinging, CancellationTokenSource stop) : IDisposable
    {
        public ClientWebSocket Socket { get; } = socket;
        public DateTimeOffset ConnectedAt { get; } = connectedAt;
        public Task<string> Receiving { get; } = receiving;

        public void Dispose()
        {
            stop.Cancel();
            _ = pinging;
            Socket.Dispose();
            stop.Dispose();
        }
    }
}
