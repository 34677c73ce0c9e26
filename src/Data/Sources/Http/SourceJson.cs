using System.Globalization;
using System.Text.Json;

namespace ReportForge.Data.Sources.Http;

/// <summary>A parsed JSON response: the root node and the document to dispose.</summary>
public sealed class SourceJson : IDisposable
{
    private readonly JsonDocument _document;

    private SourceJson(JsonDocument document, Uri url)
    {
        _document = document;
        Root = new JsonNode(document.RootElement, "$", url);
    }

    public JsonNode Root { get; }

    public static SourceJson Parse(SourceResponse response)
    {
        try
        {
            return new SourceJson(JsonDocument.Parse(response.Body), response.Url);
        }
        catch (JsonException e)
        {
            throw new SourceResponseException(response.Url, "(body)",
                $"not valid JSON at line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1}: the response is truncated or malformed ({response.Body.Length} bytes received)");
        }
    }

    public void Dispose() => _document.Dispose();
}

/// <summary>One element of a JSON response with its path, so a bad field is reported as URL + field + reason.</summary>
public readonly record struct JsonNode(JsonElement Element, string Path, Uri Url)
{
    /// <summary>A required property.</summary>
    public JsonNode this[string name] =>
        Optional(name) ?? throw Error($"{Path}.{name}", "is missing");

    /// <summary>An element of an array.</summary>
    public JsonNode this[int index]
    {
        get
        {
            var array = RequireKind(JsonValueKind.Array, "an array");
            return index < array.GetArrayLength()
                ? new JsonNode(array[index], $"{Path}[{index}]", Url)
                : throw Error($"{Path}[{index}]", $"is missing; the row has only {array.GetArrayLength()} columns");
        }
    }

    /// <summary>A property that may be absent or null.</summary>
    public JsonNode? Optional(string name)
    {
        var element = RequireKind(JsonValueKind.Object, "an object");
        return element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? new JsonNode(value, $"{Path}.{name}", Url)
            : null;
    }

    /// <summary>The elements of an array.</summary>
    public IEnumerable<JsonNode> Items()
    {
        var array = RequireKind(JsonValueKind.Array, "an array");
        var path = Path;
        var url = Url;
        return array.EnumerateArray().Select((e, i) => new JsonNode(e, $"{path}[{i}]", url));
    }

    /// <summary>Number of elements of an array.</summary>
    public int Length => RequireKind(JsonValueKind.Array, "an array").GetArrayLength();

    /// <summary>A finite number, given as a JSON number or as a numeric string (exchanges send strings).</summary>
    public double Number()
    {
        double value;
        switch (Element.ValueKind)
        {
            case JsonValueKind.Number:
                value = Element.GetDouble();
                break;
            case JsonValueKind.String when double.TryParse(Element.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed):
                value = parsed;
                break;
            default:
                throw Error(Path, $"expected a number or numeric string, got {Describe()}");
        }

        return double.IsFinite(value) ? value : throw Error(Path, $"expected a finite number, got {Describe()}");
    }

    /// <summary>A whole number (e.g. Unix milliseconds), given as a JSON integer or as a string of digits.</summary>
    public long Integer() => Element.ValueKind switch
    {
        JsonValueKind.Number when Element.TryGetInt64(out var value) => value,
        JsonValueKind.String when long.TryParse(Element.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) => value,
        _ => throw Error(Path, $"expected a whole number, got {Describe()}"),
    };

    /// <summary>A Unix-millisecond time.</summary>
    public DateTimeOffset Millis()
    {
        var ms = Integer();
        return ms is > 0 and < 253_402_300_800_000 ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : throw Error(Path, $"{ms} is not a Unix time in milliseconds");
    }

    /// <summary>A string.</summary>
    public string Text() =>
        Element.ValueKind == JsonValueKind.String ? Element.GetString()! : throw Error(Path, $"expected a string, got {Describe()}");

    /// <summary>An error about this node.</summary>
    public SourceResponseException Fail(string reason) => Error(Path, reason);

    private JsonElement RequireKind(JsonValueKind kind, string what) =>
        Element.ValueKind == kind ? Element : throw Error(Path, $"expected {what}, got {Describe()}");

    private SourceResponseException Error(string path, string reason) => new(Url, path, reason);

    private string Describe()
    {
        var raw = Element.GetRawText();
        if (raw.Length > 40)
        {
            raw = raw[..40] + "…";
        }

        return Element.ValueKind switch
        {
            JsonValueKind.String => $"the string {raw}",
            JsonValueKind.Number => $"the number {raw}",
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            JsonValueKind.True or JsonValueKind.False => $"the boolean {raw}",
            _ => "null",
        };
    }
}
