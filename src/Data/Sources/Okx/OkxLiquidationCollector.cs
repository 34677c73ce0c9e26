using System.Text.Json;
using Microsoft.Extensions.Logging;
using ReportForge.Data.Liquidations;
using ReportForge.Data.Sources.Collectors;
using ReportForge.Data.Sources.Http;

namespace ReportForge.Data.Sources.Okx;

/// <summary>OKX <c>liquidation-orders</c> of all swaps; sizes are contracts, turned into coins and USD with each instrument's ctVal.</summary>
public sealed class OkxLiquidationCollector(CollectorOptions options, OkxClient client, LiquidationOrderSink sink, TimeProvider clock, ILogger<OkxLiquidationCollector> logger)
    : LiquidationCollector("OKX", options.Okx.Url!, options, sink, clock, logger)
{
    private static readonly TimeSpan ContractsMaxAge = TimeSpan.FromHours(6);
    private IReadOnlyDictionary<string, (double CtVal, string CtValCcy)> _contracts = new Dictionary<string, (double, string)>();
    private DateTimeOffset _contractsLoaded = DateTimeOffset.MinValue;

    // OKX closes a connection that is silent for 30 s; the literal text "ping" keeps it open.
    protected override string? PingMessage => "ping";

    protected override async Task PrepareAsync(CancellationToken cancellationToken)
    {
        if (Clock.GetUtcNow() - _contractsLoaded > ContractsMaxAge)
        {
            _contracts = await client.SwapContractsAsync(cancellationToken);
            _contractsLoaded = Clock.GetUtcNow();
        }
    }

    protected override IEnumerable<string> SubscribeMessages() =>
        ["""{"op":"subscribe","args":[{"channel":"liquidation-orders","instType":"SWAP"}]}"""];

    protected override IReadOnlyList<LiquidationOrder> Parse(string message) => ParseMessage(message, Url, _contracts);

    /// <summary>Orders of one message; "pong", subscribe events and instruments without a known contract size yield none.</summary>
    public static IReadOnlyList<LiquidationOrder> ParseMessage(string message, Uri url, IReadOnlyDictionary<string, (double CtVal, string CtValCcy)> contracts)
    {
        if (message == "pong")
        {
            return [];
        }

        using var document = JsonDocument.Parse(message);
        var root = new JsonNode(document.RootElement, "$", url);
        if (root.Element.ValueKind != JsonValueKind.Object || root.Optional("data") is not { } data || root.Optional("arg")?.Optional("channel")?.Text() != "liquidation-orders")
        {
            return [];
        }

        var orders = new List<LiquidationOrder>();
        foreach (var instrument in data.Items())
        {
            var instId = instrument["instId"].Text();
            if (!contracts.TryGetValue(instId, out var contract))
            {
                continue; // listed after the instrument list was loaded; it is reloaded on the next connection
            }

            foreach (var detail in instrument["details"].Items())
            {
                var side = Side(detail);
                var price = detail["bkPx"].Number();
                var contractsCount = detail["sz"].Number();
                if (price <= 0 || contractsCount <= 0)
                {
                    throw detail.Fail($"bankruptcy price {price} and size {contractsCount} must be above zero");
                }

                // Linear swaps: ctVal coins per contract. Inverse swaps (ctValCcy USD): ctVal dollars per contract.
                double quantity, usd;
                if (string.Equals(contract.CtValCcy, "USD", StringComparison.OrdinalIgnoreCase))
                {
                    usd = contractsCount * contract.CtVal;
                    quantity = usd / price;
                }
                else
                {
                    quantity = contractsCount * contract.CtVal;
                    usd = quantity * price;
                }

                orders.Add(new LiquidationOrder(detail["ts"].Millis(), "OKX", instId, MarketRows.AssetOf(instId), side, price, quantity, usd, "okx"));
            }
        }

        return orders;
    }

    // posSide long/short names the liquidated position; in net mode posSide is "net" and a sell closes a long.
    private static LiquidationSide Side(JsonNode detail)
    {
        var posSide = detail.Optional("posSide")?.Text() ?? "";
        return posSide switch
        {
            "long" => LiquidationSide.Long,
            "short" => LiquidationSide.Short,
            _ => detail["side"].Text() switch
            {
                "sell" => LiquidationSide.Long,
                "buy" => LiquidationSide.Short,
                var other => throw detail["side"].Fail($"side '{other}' is neither buy nor sell (posSide '{posSide}')"),
            },
        };
    }
}
