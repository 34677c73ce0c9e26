namespace ReportForge.Data.Liquidations;

/// <summary>Which positions were forcibly closed: longs (price fell) or shorts (price rose).</summary>
public enum LiquidationSide
{
    Long,
    Short,
}

/// <summary>Text codes of <see cref="LiquidationSide"/> as stored.</summary>
public static class LiquidationSides
{
    public static string ToCode(this LiquidationSide side) => side == LiquidationSide.Long ? "long" : "short";

    public static bool TryParse(string code, out LiquidationSide side)
    {
        switch (code)
        {
            case "long": side = LiquidationSide.Long; return true;
            case "short": side = LiquidationSide.Short; return true;
            default: side = default; return false;
        }
    }

    public static LiquidationSide Parse(string code) =>
        TryParse(code, out var side) ? side : throw new FormatException($"Unknown liquidation side '{code}'.");
}
