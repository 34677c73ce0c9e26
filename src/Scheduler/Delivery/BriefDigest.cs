using System.Text.Json;
using ReportForge.Data.Archive;

namespace ReportForge.Scheduler.Delivery;

/// <summary>The headline figures of an archived brief, read from its stored facts, for email bodies and webhooks.</summary>
/// <remarks>Reads the facts JSON by name and skips what is absent, so a figure the brief does not have is left out, never sent as 0.</remarks>
public sealed record BriefDigest(
    string Date,
    double? LiquidationsUsd,
    double? LongUsd,
    double? ShortUsd,
    LargestLiquidation? Largest,
    IReadOnlyList<AssetMove> Prices)
{
    public static BriefDigest Of(ArchivedReport report)
    {
        if (report.FactsJson is null)
        {
            return new BriefDigest("", null, null, null, null, []);
        }

        using var document = JsonDocument.Parse(report.FactsJson);
        var root = document.RootElement;
        var date = root.TryGetProperty("window", out var window) && window.TryGetProperty("date", out var d) ? d.GetString() ?? "" : "";
        double? total = null, longUsd = null, shortUsd = null;
        LargestLiquidation? largest = null;
        if (root.TryGetProperty("liquidations", out var liquidations) && liquidations.ValueKind == JsonValueKind.Object)
        {
            total = Number(liquidations, "total");
            longUsd = Number(liquidations, "long");
            shortUsd = Number(liquidations, "short");
            if (liquidations.TryGetProperty("largest", out var l) && l.ValueKind == JsonValueKind.Object && Number(l, "usd") is { } usd)
            {
                largest = new LargestLiquidation(Text(l, "exchange"), Text(l, "symbol"), usd);
            }
        }

        var prices = new List<AssetMove>();
        if (root.TryGetProperty("prices", out var priceArray) && priceArray.ValueKind == JsonValueKind.Array)
        {
            foreach (var price in priceArray.EnumerateArray())
            {
                if (Text(price, "asset") is { Length: > 0 } asset && Number(price, "changePct") is { } change)
                {
                    prices.Add(new AssetMove(asset, Number(price, "close"), change));
                }
            }
        }

        return new BriefDigest(date, total, longUsd, shortUsd, largest, prices);
    }

    private static double? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : "";
}

/// <summary>The largest single liquidation of a brief.</summary>
public sealed record LargestLiquidation(string Exchange, string Symbol, double Usd);

/// <summary>One asset's move over a brief's window.</summary>
public sealed record AssetMove(string Asset, double? Close, double ChangePct);
