using System.Text.Json;
using System.Text.Json.Serialization;
using ReportForge.Reporting.Analysis;

namespace ReportForge.Reporting.Templates;

/// <summary>Turns facts into what templates see: camelCase names, plain numbers and ISO times, the same whether the facts are fresh or read back from the archive.</summary>
public static class BriefModel
{
    /// <summary>How facts are written to the archive and read back.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        WriteIndented = false,
    };

    /// <summary>The facts as archived JSON.</summary>
    public static string Serialize(BriefFacts facts) => JsonSerializer.Serialize(facts, Json);

    /// <summary>The facts back from archived JSON.</summary>
    public static BriefFacts Deserialize(string json) =>
        JsonSerializer.Deserialize<BriefFacts>(json, Json) ?? throw new JsonException("The archived facts are empty.");

    /// <summary>The template model of archived facts JSON plus the branding.</summary>
    public static Dictionary<string, object?> FromJson(string factsJson, BrandOptions brand)
    {
        using var document = JsonDocument.Parse(factsJson);
        var root = (Dictionary<string, object?>)Convert(document.RootElement)!;
        root["brand"] = brand.ToModel();
        return root;
    }

    /// <summary>The template model of <paramref name="facts"/>.</summary>
    public static Dictionary<string, object?> From(BriefFacts facts, BrandOptions brand) => FromJson(Serialize(facts), brand);

    private static object? Convert(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().ToDictionary(p => p.Name, p => Convert(p.Value), StringComparer.Ordinal),
        JsonValueKind.Array => element.EnumerateArray().Select(Convert).ToList(),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };
}
