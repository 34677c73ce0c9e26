using System.Text.Json;
using ReportForge.Reporting.Templates;

namespace ReportForge.Scheduler.Dashboard.Briefs;

/// <summary>The few figures the archive list shows per brief, read from its stored facts; a figure the facts lack is left out.</summary>
internal sealed record HeadlineFigures(string? Liquidated, string? LongShare, string? Traders, IReadOnlyList<string> Moves)
{
    private static readonly string[] Majors = ["BTC", "ETH", "SOL"];

    public static HeadlineFigures Of(string? factsJson)
    {
        if (string.IsNullOrEmpty(factsJson))
        {
            return new HeadlineFigures(null, null, null, []);
        }

        try
        {
            using var document = JsonDocument.Parse(factsJson);
            var root = document.RootElement;
            string? liquidated = null, longShare = null, traders = null;
            if (root.TryGetProperty("liquidations", out var liquidations) && liquidations.ValueKind == JsonValueKind.Object)
            {
                if (Number(liquidations, "total") is { } total)
                {
                    var tracked = liquidations.TryGetProperty("tracked", out var t) && t.ValueKind == JsonValueKind.True;
                    liquidated = BriefFormat.Money(total) + (tracked ? " (tracked)" : "");
                }

                if (Number(liquidations, "longShare") is { } share)
                {
                    longShare = BriefFormat.Share(share) + " longs";
                }

                if (Number(liquidations, "traders") is { } count)
                {
                    traders = BriefFormat.Count(count) + " traders";
                }
            }

            var moves = new List<string>();
            if (root.TryGetProperty("prices", out var prices) && prices.ValueKind == JsonValueKind.Array)
            {
                foreach (var price in prices.EnumerateArray())
                {
                    if (price.TryGetProperty("asset", out var asset) && asset.GetString() is { } symbol && Majors.Contains(symbol)
                        && Number(price, "changePct") is { } change)
                    {
                        moves.Add($"{symbol} {BriefFormat.SignedPercent(change)}");
                    }
                }
            }

            return new HeadlineFigures(liquidated, longShare, traders, moves);
        }
        catch (JsonException)
        {
            return new HeadlineFigures(null, null, null, []);
        }
    }

    private static double? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;
}
