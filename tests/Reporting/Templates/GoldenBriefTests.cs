using ReportForge.Reporting.Tests.Fixtures;

namespace ReportForge.Reporting.Tests.Templates;

/// <summary>The whole HTML of two briefs against checked-in files (REPORTFORGE_UPDATE_GOLDEN=1 rewrites them on purpose).</summary>
[Collection(MarketGroup.Name)]
public sealed class GoldenBriefTests(MarketDatabase market)
{
    [Theory]
    [InlineData("2025-02-03")]
    [InlineData("2025-10-11")]
    public async Task Brief_html_matches_the_golden_file(string day)
    {
        var html = await market.HtmlAsync(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture));

        Golden.Match($"tests/Reporting/Golden/brief-{day}.html", html);
    }
}
