using System.Text.RegularExpressions;
using ReportForge.Reporting.Analysis;
using ReportForge.Reporting.Templates;
using ReportForge.Reporting.Tests.Fixtures;

namespace ReportForge.Reporting.Tests.Templates;

/// <summary>Renders windows with data taken away and reads the text as a reader would: a missing figure must take its sentence with it.</summary>
public sealed partial class MissingFigureTests
{
    public static TheoryData<string> Removals => new(
    [
        "liquidation_orders.csv", "market.csv", "derivatives.csv", "catalysts.csv",
        "market.csv+liquidation_orders.csv+derivatives.csv+catalysts.csv",
    ]);

    [Theory]
    [MemberData(nameof(Removals))]
    public async Task Brief_has_no_holes_when_files_are_left_out(string removed)
    {
        using var fixture = await FixtureDatabase.CreateAsync(MarketFixture.Build(), removed.Split('+'));

        foreach (var day in new[] { MarketFixture.DeepSeekDay, MarketFixture.TariffDay, MarketFixture.ShortSqueezeDay, MarketFixture.SparseDay, MarketFixture.CrashDay })
        {
            var html = MarketDatabase.Templates.Render(BriefModel.From(await fixture.FactsAsync(day), new BrandOptions()));
            AssertNoHoles(html, $"{day} without {removed}");
        }
    }

    [Fact]
    public async Task Brief_has_no_holes_when_only_Bitcoin_prices_and_one_exchange_are_stored()
    {
        var writer = new DatasetWriter();
        var day = new DateTime(2025, 6, 2, 0, 0, 0, DateTimeKind.Utc);
        for (var hour = 0; hour < 24; hour++)
        {
            writer.Candle("BTC", "1h", day.AddHours(hour), 100_000 - (hour * 100), 100_050 - (hour * 100), 99_850 - (hour * 100), 99_900 - (hour * 100), 1e9);
        }

        writer.Liquidation(day.AddHours(5), "1h", "BTC", "Bybit", "long", 12_000_000m, null);
        using var fixture = await FixtureDatabase.CreateAsync(writer);

        var facts = await fixture.FactsAsync(DateOnly.FromDateTime(day));
        var html = MarketDatabase.Templates.Render(BriefModel.From(facts, new BrandOptions()));

        AssertNoHoles(html, "a bare window");
        var text = BriefText.Of(html);
        Assert.Contains("$12.0 million", text, StringComparison.Ordinal);
        Assert.Equal(["long-squeeze"], facts.Causes.Select(c => c.Kind));
        Assert.Contains("All of it was long positions.", text, StringComparison.Ordinal);
        Assert.Null(facts.Liquidations!.Rank);
    }

    [Fact]
    public void AssertNoHoles_catches_the_holes_it_looks_for()
    {
        foreach (var bad in new[] { "<p>Totals $0 today.</p>", "<p>0 traders were liquidated.</p>", "<p>It fell NaN %.</p>", "<h2>Causes</h2>\n<h2>FAQ</h2>", "<p>Bitcoin fell and.</p>", "<h3>Q</h3><p> </p>" })
        {
            Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => AssertNoHoles(bad, "planted"));
        }
    }

    internal static void AssertNoHoles(string html, string what)
    {
        var text = BriefText.Of(html);
        Assert.False(ZeroMoney().IsMatch(text), $"{what}: a $0 figure in «{ZeroMoney().Match(text).Value}»");
        Assert.False(ZeroCount().IsMatch(text), $"{what}: a zero count in «{ZeroCount().Match(text).Value}»");
        Assert.DoesNotContain("NaN", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Infinity", text, StringComparison.Ordinal);
        Assert.False(DanglingAnd().IsMatch(text), $"{what}: a dangling conjunction in «{DanglingAnd().Match(text).Value}»");
        Assert.False(EmptyHeading().IsMatch(html), $"{what}: a heading with nothing under it: «{EmptyHeading().Match(html).Value}»");
        Assert.False(EmptyParagraph().IsMatch(html), $"{what}: an empty paragraph");
        Assert.DoesNotContain(" ,", text, StringComparison.Ordinal);
        Assert.DoesNotContain("..", text.Replace("…", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("()", text, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"(?<![\d.,])\$0(?![.,]?\d)|\$0\.0+\b")]
    private static partial Regex ZeroMoney();

    [GeneratedRegex(@"(?<![\d.,$])0 (?:traders?|orders?|positions?|liquidations?)\b")]
    private static partial Regex ZeroCount();

    [GeneratedRegex(@"\b(?:and|or|but|with|after|of|to|than)\s*[.,;:]")]
    private static partial Regex DanglingAnd();

    [GeneratedRegex(@"<h[1-6][^>]*>[^<]*</h[1-6]>\s*(?:</section>|<h[1-6]|</div>|$)")]
    private static partial Regex EmptyHeading();

    [GeneratedRegex(@"<p[^>]*>\s*</p>")]
    private static partial Regex EmptyParagraph();
}
