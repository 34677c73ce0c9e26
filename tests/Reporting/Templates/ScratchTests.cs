using ReportForge.Reporting.Tests.Fixtures;

namespace ReportForge.Reporting.Tests.Templates;

[Collection(MarketGroup.Name)]
public sealed class ScratchTests(MarketDatabase market)
{
    [Fact]
    public async Task Dump()
    {
        foreach (var day in new[] { MarketFixture.DeepSeekDay, MarketFixture.TariffDay, MarketFixture.ShortSqueezeDay, MarketFixture.SparseDay, MarketFixture.CrashDay, MarketFixture.WeekendAfterCrash })
        {
            var html = await market.HtmlAsync(day);
            File.WriteAllText($"/tmp/brief-{day:yyyy-MM-dd}.html", html);
            File.WriteAllText($"/tmp/brief-{day:yyyy-MM-dd}.txt", string.Join("\n", BriefText.Sentences(BriefText.Of(html))));
        }
    }
}
