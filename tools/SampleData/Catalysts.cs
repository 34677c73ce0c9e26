namespace ReportForge.SampleData;

/// <summary>A dated news item that may explain a move.</summary>
internal sealed record Catalyst(DateTime Time, string Title, string Category, string Summary, string Url);

/// <summary>
/// The dated events the seed articles name. Times are midday UTC unless the hour is part of the record
/// (the FOMC statement at 19:00 UTC). No URLs: the articles give none we could cite.
/// </summary>
internal static class Catalysts
{
    public static readonly IReadOnlyList<Catalyst> All =
    [
        new(Iso.At("2025-01-23 12"), "US executive order on digital assets omits bitcoin", "regulation",
            "A presidential order on digital assets called for a national digital asset stockpile to be evaluated but did not mention bitcoin.", ""),
        new(Iso.At("2025-01-26 12"), "Trump threatens 25% tariff on Colombia", "macro",
            "The US president threatened a 25% tariff on Colombian imports over immigration policy; it was suspended after Colombia agreed.", ""),
        new(Iso.At("2025-01-27 12"), "DeepSeek tops the US App Store; tech stocks sell off", "technology",
            "The Chinese AI app DeepSeek overtook ChatGPT in US App Store downloads, prompting a sell-off in US technology shares.", ""),
        new(Iso.At("2025-01-29 12"), "US officials flag DeepSeek as a potential national security risk", "technology",
            "US officials described DeepSeek as a potential national security risk and began looking into its origins and data practices.", ""),
        new(Iso.At("2025-01-29 19"), "Fed holds rates, first pause since the September 2024 cuts began", "macro",
            "The Federal Reserve left interest rates unchanged, its first pause since it began cutting in September 2024.", ""),
        new(Iso.At("2025-01-30 12"), "El Salvador's Congress amends the Bitcoin Law", "regulation",
            "El Salvador's Congress was reported to have amended its Bitcoin Law, in line with conditions of a $1.4 billion IMF loan programme.", ""),
        new(Iso.At("2025-02-01 12"), "Trump orders 10% tariff on Chinese imports", "macro",
            "An executive order imposed a 10% tariff on all goods imported from China, on top of existing duties.", ""),
        new(Iso.At("2025-02-02 12"), "US announces 25% tariffs on Canada and Mexico", "macro",
            "The US announced 25% tariffs on imports from Canada and Mexico, with a 10% levy on Canadian energy, due to take effect within days.", ""),
        new(Iso.At("2025-02-02 13"), "El Salvador ends bitcoin's legal tender status", "regulation",
            "Changes to El Salvador's Bitcoin Law took effect, making bitcoin's use optional and ending its status as legal tender.", ""),
        new(Iso.At("2025-02-03 12"), "Trump signals tariffs on the European Union", "macro",
            "The US president signalled that tariffs would be extended to the European Union, without giving rates or a timeline.", ""),
        new(Iso.At("2025-10-10 12"), "US trade policy reverses with new tariffs on China", "macro",
            "A reversal in US trade policy, with new tariffs on China, ended a period of easing trade tensions and triggered a broad sell-off.", ""),
        new(Iso.At("2025-11-30 12"), "Spot bitcoin ETFs see about $7 billion of outflows in November", "flows",
            "US spot bitcoin ETFs recorded net outflows of about $7 billion over November 2025.", ""),
        new(Iso.At("2025-12-31 12"), "Spot bitcoin ETFs see about $2 billion of outflows in December", "flows",
            "US spot bitcoin ETFs recorded net outflows of about $2 billion over December 2025.", ""),
        new(Iso.At("2026-01-30 12"), "Global risk-off: stocks and precious metals sold", "macro",
            "Stocks and precious metals were sold on a large scale as risk aversion rose across global markets.", ""),
        new(Iso.At("2026-01-31 12"), "Spot bitcoin ETFs see over $3 billion of outflows in January", "flows",
            "US spot bitcoin ETFs recorded net outflows of more than $3 billion over January 2026.", ""),
        new(Iso.At("2026-02-05 12"), "Cross-asset sell-off deepens", "macro",
            "Selling pressure spread across asset classes, with crypto falling alongside equities and other risk assets.", ""),
    ];
}
