using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Json;

namespace ReportForge.Reporting.Rendering.DevTools;

/// <summary>Chromium's DevTools over its pipes: commands matched to their answers, events handed to their page's session.</summary>
/// <remarks>
/// Briefs talk to Chromium directly rather than through a driver process: a driver in between costs a process of its own
/// (about 150 MB) and a second parse and copy of every PDF on its way back.
/// </remarks>
internal sealed class DevToolsConnection : IAsyncDisposable
{
    // A brief's HTML is most of what is sent: the relaxed encoder leaves its <, > and & as they are (valid JSON, and
    // nothing here is embedded in HTML), so the message stays the size of the HTML and Chromium has less to unescape.
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly Stream _commands;
    private readonly Stream _answers;
    private readonly ConcurrentDictionary<int, Pending> _pending = new();
    private readonly ConcurrentDictionary<string, Action<string, JsonElement>> _sessions = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _reading;
    private int _nextId;

    /// <summary>Talks to a Chromium started with --remote-debugging-pipe: <paramref name="commands"/> is its descriptor 3, <paramref name="answers"/> its descriptor 4.</summary>
    public DevToolsConnection(Stream commands, Stream answers)
    {
        _commands = commands;
        _answers = answers;
        _reading = Task.Run(ReadLoopAsync);
    }

    public bool IsOpen => !_closed.Task.IsCompleted;

    /// <summary>Hands the events of <paramref name="sessionId"/> to <paramref name="onEvent"/> (method, params) on the reading thread.</summary>
    public void Subscribe(string sessionId, Action<string, JsonElement> onEvent) => _sessions[sessionId] = onEvent;

    public void Unsubscribe(string sessionId) => _sessions.TryRemove(sessionId, out _);

    /// <summary>Fails the commands still waiting on <paramref name="sessionId"/>: its page is gone and will not answer them.</summary>
    public void AbandonSession(string sessionId, string why)
    {
        foreach (var (id, pending) in _pending)
        {
            if (pending.SessionId == sessionId && _pending.TryRemove(id, out _))
            {
                pending.Answer.TrySetException(new DevToolsClosedException($"{pending.Method}: {why}"));
            }
        }
    }

    /// <summary>Sends a command and waits for its answer; the caller disposes the answer.</summary>
    /// <exception cref="DevToolsProtocolException">Chromium answered with an error.</exception>
    /// <exception cref="DevToolsClosedException">The connection (or the page) went away before the answer came.</exception>
    public async Task<DevToolsAnswer> SendAsync(string method, Action<Utf8JsonWriter>? parameters, string? sessionId, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _nextId);
        var pending = new Pending(method, sessionId, new TaskCompletionSource<DevToolsAnswer>(TaskCreationOptions.RunContinuationsAsynchronously));
        var message = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(message, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteNumber("id", id);
            writer.WriteString("method", method);
            if (sessionId is not null)
            {
                writer.WriteString("sessionId", sessionId);
            }

            writer.WriteStartObject("params");
            parameters?.Invoke(writer);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        // Each message on the pipe ends with a NUL byte.
        message.Write([(byte)0]);

        _pending[id] = pending;
        if (!IsOpen)
        {
            _pending.TryRemove(id, out _);
            throw new DevToolsClosedException($"{method}: the browser is gone");
        }

        await _sending.WaitAsync(cancellationToken);
        try
        {
            // One write at a time: a message must not interleave with another.
            await _commands.WriteAsync(message.WrittenMemory, CancellationToken.None);
            await _commands.FlushAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            _pending.TryRemove(id, out _);
            throw new DevToolsClosedException($"{method}: the browser is gone ({e.Message})");
        }
        finally
        {
            _sending.Release();
        }

        await using var registration = cancellationToken.Register(static state =>
        {
            var (pending, token) = ((Pending, CancellationToken))state!;
            pending.Answer.TrySetCanceled(token);
        }, (pending, cancellationToken));
        return await pending.Answer.Task;
    }

    /// <summary>Sends a command whose answer is of no interest (refusing a request); failures are dropped with the page.</summary>
    public void Post(string method, Action<Utf8JsonWriter>? parameters, string? sessionId) =>
        _ = SendAsync(method, parameters, sessionId, CancellationToken.None).ContinueWith(static t =>
        {
            if (t.IsCompletedSuccessfully)
            {
                t.Result.Dispose();
            }
            else
            {
                _ = t.Exception;
            }
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    private async Task ReadLoopAsync()
    {
        // Grows to the largest message (a PDF, base64) and is reused: each message is copied out when parsed.
        var buffer = new byte[256 * 1024];
        var filled = 0;
        string why = "the browser closed the connection";
        try
        {
            while (true)
            {
                if (filled == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length * 2);
                }

                var read = await _answers.ReadAsync(buffer.AsMemory(filled), CancellationToken.None);
                if (read == 0)
                {
                    return;
                }

                // Messages end with a NUL byte; a read may hold several, and end inside one.
                var scanned = filled;
                filled += read;
                var start = 0;
                int end;
                while ((end = buffer.AsSpan(scanned, filled - scanned).IndexOf((byte)0)) >= 0)
                {
                    end += scanned;
                    Dispatch(buffer.AsSpan(start, end - start));
                    start = scanned = end + 1;
                }

                if (start > 0)
                {
                    buffer.AsSpan(start, filled - start).CopyTo(buffer);
                    filled -= start;
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or JsonException)
        {
            why = "the connection to the browser broke: " + e.Message;
        }
        finally
        {
            _closed.TrySetResult();
            foreach (var id in _pending.Keys)
            {
                if (_pending.TryRemove(id, out var pending))
                {
                    pending.Answer.TrySetException(new DevToolsClosedException($"{pending.Method}: {why}"));
                }
            }
        }
    }

    private void Dispatch(ReadOnlySpan<byte> message)
    {
        var reader = new Utf8JsonReader(message);
        var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        if (root.TryGetProperty("id", out var idElement))
        {
            if (!_pending.TryRemove(idElement.GetInt32(), out var pending))
            {
                document.Dispose();
                return;
            }

            if (root.TryGetProperty("error", out var error))
            {
                var text = error.TryGetProperty("message", out var m) ? m.GetString() : error.GetRawText();
                document.Dispose();
                pending.Answer.TrySetException(new DevToolsProtocolException(pending.Method, text ?? "unknown error"));
                return;
            }

            if (!pending.Answer.TrySetResult(new DevToolsAnswer(document)))
            {
                document.Dispose(); // cancelled meanwhile
            }

            return;
        }

        using (document)
        {
            var method = root.GetProperty("method").GetString()!;
            var sessionId = root.TryGetProperty("sessionId", out var s) ? s.GetString() : null;
            var parameters = root.TryGetProperty("params", out var p) ? p : default;
            if (sessionId is null && method == "Target.detachedFromTarget"
                && parameters.TryGetProperty("sessionId", out var detached) && detached.GetString() is { } gone)
            {
                // A page that detaches (closed, or its renderer died) answers nothing more.
                AbandonSession(gone, "the page was closed");
                if (_sessions.TryGetValue(gone, out var onDetach))
                {
                    onDetach(method, parameters);
                }

                return;
            }

            if (sessionId is not null && _sessions.TryGetValue(sessionId, out var onEvent))
            {
                onEvent(method, parameters);
            }
        }
    }

    /// <summary>Closes the command pipe (Chromium ends when it is closed) and waits for the reading side to stop.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _commands.DisposeAsync();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // Already gone.
        }

        await _reading.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private sealed record Pending(string Method, string? SessionId, TaskCompletionSource<DevToolsAnswer> Answer);
}

/// <summary>Chromium's answer to one command; <see cref="Result"/> is valid until it is disposed.</summary>
internal sealed class DevToolsAnswer(JsonDocument document) : IDisposable
{
    public JsonElement Result => document.RootElement.GetProperty("result");

    public void Dispose() => document.Dispose();
}

/// <summary>A DevTools command failed.</summary>
public abstract class DevToolsException(string message) : Exception(message);

/// <summary>Chromium answered a command with an error.</summary>
public sealed class DevToolsProtocolException(string method, string error) : DevToolsException($"Chromium refused {method}: {error}")
{
    public string Method { get; } = method;
}

/// <summary>The browser or the page went away before answering.</summary>
public sealed class DevToolsClosedException(string message) : DevToolsException(message);
