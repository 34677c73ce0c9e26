using System.Text.Json;
using System.Text.Json.Serialization;

namespace ReportForge.Scheduler.Api;

/// <summary>Reads a JSON request body with a size limit, turning every way it can be wrong into a problem that says where.</summary>
internal static class JsonBody
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Disallow,
    };

    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            return (null, Problems.Field("body", "Send the body as JSON with the header Content-Type: application/json.", StatusCodes.Status415UnsupportedMediaType, "The body is not JSON"));
        }

        if (request.ContentLength > maxBytes)
        {
            return (null, TooLarge(maxBytes));
        }

        var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return (null, TooLarge(maxBytes));
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            return (null, Problems.Field("body", "The body is empty: send a JSON object."));
        }

        try
        {
            var value = JsonSerializer.Deserialize<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), Json);
            return value is null ? (null, Problems.Field("body", "The body is null: send a JSON object.")) : (value, null);
        }
        catch (JsonException e)
        {
            var field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "body" : e.Path.TrimStart('$', '.');
            var where = e.LineNumber is { } line ? $" (line {line + 1}, byte {e.BytePositionInLine + 1})" : "";
            var reason = e.Message.Contains("could not be mapped", StringComparison.Ordinal)
                ? $"'{field}' is not a field of this request; check its spelling against /openapi/v1.json."
                : $"The JSON is malformed or has the wrong type here{where}: {FirstSentence(e.Message)} Fix the value and send it again.";
            return (null, Problems.Field(field, reason, StatusCodes.Status400BadRequest, "The body could not be read"));
        }
    }

    private static IResult TooLarge(int maxBytes) =>
        Problems.Field("body", $"The body is larger than {maxBytes:N0} bytes; send a smaller request.", StatusCodes.Status413PayloadTooLarge, "The body is too large");

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }
}
