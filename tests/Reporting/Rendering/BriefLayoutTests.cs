using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ReportForge.Reporting.Templates;

namespace ReportForge.Reporting.Tests.Rendering;

[Collection(SharedRenderer.Name)]
public sealed partial class BriefLayoutTests(RendererFixture fixture) : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Brief_has_two_to_four_pages_each_numbered_page_n_of_total()
    {
        var pdf = await FixtureBrief.RenderToFileAsync(fixture.Renderer, _temp.Path);

        var pages = await PopplerTools.PagesTextAsync(pdf);

        Assert.InRange(pages.Count, 2, 4);
        for (var i = 0; i < pages.Count; i++)
        {
            Assert.Contains($"page {i + 1} / {pages.Count}", pages[i], StringComparison.Ordinal);
            Assert.Contains("Data: binance, coinglass", pages[i], StringComparison.Ordinal);
            Assert.Contains("Generated 4 February 2025, 06:00 UTC", pages[i], StringComparison.Ordinal);
            Assert.Contains("not investment advice", pages[i], StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Title_block_and_key_figures_lead_page_one()
    {
        var pdf = await FixtureBrief.RenderToFileAsync(fixture.Renderer, _temp.Path);

        var first = Normalise(await PopplerTools.PageTextAsync(pdf, 1));

        Assert.Contains("$2.03 billion liquidated as longs are flushed", first, StringComparison.Ordinal);
        Assert.Contains("3 February 2025, 00:00 UTC to 4 February 2025, 00:00 UTC", first, StringComparison.Ordinal);
        foreach (var label in new[] { "TOTAL LIQUIDATED", "LONGS / SHORTS", "TRADERS LIQUIDATED", "LARGEST SINGLE", "BTC CHANGE", "ETH CHANGE" })
        {
            Assert.Contains(label, first, StringComparison.Ordinal);
        }

        Assert.Contains("700,600", first, StringComparison.Ordinal);
        Assert.Contains("ETHUSDT on Binance", first, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pdf_carries_title_author_subject_keywords_and_creation_date()
    {
        var pdf = await FixtureBrief.RenderToFileAsync(fixture.Renderer, _temp.Path);

        var info = await PopplerTools.InfoAsync(pdf);

        Assert.Equal("ReportForge market brief, 3 February 2025", info["Title"]);
        Assert.Equal("ReportForge research desk", info["Author"]);
        Assert.Equal("2025-02-03 · $2.03 billion liquidated", info["Subject"]);
        Assert.Equal("crypto, liquidations, BTC, ETH", info["Keywords"]);
        Assert.Equal("ReportForge", info["Creator"]);
        Assert.Equal("2025-02-04T06:00:00Z", info["CreationDate"]);
        Assert.Equal("yes", info["Tagged"]);
        Assert.StartsWith("595", info["Page size"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outline_lists_the_section_headings_on_the_pages_they_are_printed()
    {
        var pdf = await FixtureBrief.RenderToFileAsync(fixture.Renderer, _temp.Path);

        var outline = await PopplerTools.OutlineAsync(pdf);
        var pages = await PopplerTools.PagesTextAsync(pdf);

        var titles = outline.Select(o => o.Title).ToList();
        Assert.Contains("$2.03 billion liquidated as longs are flushed", titles);
        foreach (var section in new[] { "What happened", "Price moves", "Liquidations", "Why it happened", "Frequently asked questions", "Outlook" })
        {
            var item = Assert.Single(outline, o => o.Title == section);
            Assert.Equal(2, item.Level);
            Assert.Contains(section, pages[item.Page - 1], StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Each_chart_is_on_the_page_of_its_caption()
    {
        var pdf = await FixtureBrief.RenderToFileAsync(fixture.Renderer, _temp.Path);
        var pages = (await PopplerTools.PagesTextAsync(pdf)).Select(Normalise).ToList();

        var prices = Assert.Single(pages, p => p.Contains("Figure 1.", StringComparison.Ordinal));
        Assert.Contains("Low $90,448 at 10:00", prices, StringComparison.Ordinal);
        Assert.Contains("Low $2,469 at 09:00", prices, StringComparison.Ordinal);
        var liquidations = Assert.Single(pages, p => p.Contains("Figure 2.", StringComparison.Ordinal));
        Assert.Contains("BY EXCHANGE", liquidations, StringComparison.Ordinal);
        Assert.Contains("$810M", liquidations, StringComparison.Ordinal);
    }

    // The content before each block shifts by a few lines per variant, so page ends fall in different places.
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(8)]
    public async Task Nothing_is_cut_across_pages_and_no_heading_ends_a_page(int extraCatalysts)
    {
        var facts = JsonNode.Parse(FixtureBrief.FactsJson)!;
        var catalysts = facts["catalysts"]!.AsArray();
        for (var i = 0; i < extraCatalysts; i++)
        {
            catalysts.Insert(0, new JsonObject
            {
                ["time"] = "2025-02-02T1" + i.ToString(CultureInfo.InvariantCulture) + ":00:00+00:00",
                ["title"] = "Market report number " + (i + 1).ToString(CultureInfo.InvariantCulture),
                ["category"] = "flows",
                ["summary"] = "Exchange inflows rose ahead of the weekend close as traders moved coins to trading venues and funding rates stayed elevated.",
                ["url"] = "https://example.org/report",
                ["inWindow"] = false,
            });
        }

        var json = facts.ToJsonString();
        var html = await FixtureBrief.HtmlAsync(json);
        var pdf = Path.Combine(_temp.Path, "variant.pdf");
        await File.WriteAllBytesAsync(pdf, await fixture.Renderer.RenderAsync(html, FixtureBrief.Metadata, CancellationToken.None));
        var pages = (await PopplerTools.PagesTextAsync(pdf)).Select(BodyLines).ToList();
        var text = pages.Select(p => string.Join("\n", p)).ToList();

        Assert.InRange(pages.Count, 2, 4);
        // No heading is the last line of a page.
        var headings = Headings(html);
        for (var i = 0; i < pages.Count - 1; i++)
        {
            Assert.DoesNotContain(pages[i][^1], headings);
        }

        // The card row, each chart with its caption, each cause and each FAQ item are on one page.
        AllOnOnePage(text, "TOTAL LIQUIDATED", "ETH CHANGE", "ETHUSDT on Binance", "to $2,720, low $2,469");
        AllOnOnePage(text, "Bitcoin (BTC), USD", "Low $90,448 at 10:00", "Figure 1.", "marks the window's low.");
        AllOnOnePage(text, "BY ASSET", "BY EXCHANGE", "$810M", "Figure 2.", "Source: coinglass.");
        AllOnOnePage(text, "Longs were flushed", "longs were 87 % of the $2.03 billion liquidated.");
        AllOnOnePage(text, "Leverage had built up", "open interest had risen 14 % in the week before.");
        AllOnOnePage(text, "What was the largest single liquidation?", "a long position worth $25.6 million.");
        AllOnOnePage(text, "How much was liquidated, and on which side?", "$260 million of shorts (13 %).");
        // A table row is one line.
        Assert.Contains(pages.SelectMany(p => p), line => line.StartsWith("Binance", StringComparison.Ordinal) && line.EndsWith("40 %", StringComparison.Ordinal));
    }

    private static void AllOnOnePage(IReadOnlyList<string> pages, params string[] parts)
    {
        var holding = pages.Where(p => parts.All(part => p.Contains(part, StringComparison.Ordinal))).ToList();
        Assert.True(holding.Count == 1, $"Expected one page holding all of [{string.Join(" | ", parts)}]; pages:\n\n{string.Join("\n\n----\n\n", pages)}");
    }

    /// <summary>The page's lines without the running footer, whitespace collapsed.</summary>
    private static List<string> BodyLines(string page) =>
        page.Split('\n')
            .Select(line => Spaces().Replace(line, " ").Trim())
            .Where(line => line.Length > 0 && !line.StartsWith("ReportForge · Market brief", StringComparison.Ordinal) && !line.StartsWith("Information, not investment advice", StringComparison.Ordinal))
            .ToList();

    private static HashSet<string> Headings(string html) =>
        HeadingTag().Matches(html).Select(m => System.Net.WebUtility.HtmlDecode(Tags().Replace(m.Groups[1].Value, "")))
            .Select(h => Spaces().Replace(h, " ").Trim()).ToHashSet(StringComparer.Ordinal);

    private static string Normalise(string text) => Spaces().Replace(text, " ");

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"<h[1-6][^>]*>(.*?)</h[1-6]>", RegexOptions.Singleline)]
    private static partial Regex HeadingTag();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();
}
