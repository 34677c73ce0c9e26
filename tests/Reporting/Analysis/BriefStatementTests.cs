using System.Globalization;
using System.Text.RegularExpressions;
using ReportForge.Reporting.Tests.Fixtures;

namespace ReportForge.Reporting.Tests.Analysis;

/// <summary>Replays the fixture market's windows and checks what the rendered brief says, sentence by sentence.</summary>
[Collection(MarketGroup.Name)]
public sealed class BriefStatementTests(MarketDatabase market)
{
    [Fact]
    public async Task Brief_says_longs_were_over_90_percent_when_window_is_27_January_2025()
    {
        var text = BriefText.Of(await market.HtmlAsync(MarketFixture.DeepSeekDay));

        var share = Regex.Match(text, @"Longs accounted for \$[\d.,]+ (?:million|billion) \((\d+) %\)");
        Assert.True(share.Success, text);
        Assert.True(int.Parse(share.Groups[1].Value, CultureInfo.InvariantCulture) > 90, share.Value);
    }

    [Fact]
    public async Task Brief_names_HTX_BTC_USDT_as_the_largest_single_liquidation_when_window_is_27_January_2025()
    {
        var sentences = BriefText.Sentences(BriefText.Of(await market.HtmlAsync(MarketFixture.DeepSeekDay)));

        var largest = Assert.Single(sentences, s => s.StartsWith("The largest single liquidation", StringComparison.Ordinal));
        Assert.Contains("HTX", largest, StringComparison.Ordinal);
        Assert.Contains("BTC-USDT", largest, StringComparison.Ordinal);
        Assert.Contains("$98.4 million", largest, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Brief_states_Ethereum_fell_about_8_percent_when_window_is_27_January_2025()
    {
        var text = BriefText.Of(await market.HtmlAsync(MarketFixture.DeepSeekDay));

        var fall = Regex.Match(text, @"Ethereum (?:fell|dropped|slid) (\d+\.\d) %");
        Assert.True(fall.Success, text);
        Assert.InRange(double.Parse(fall.Groups[1].Value, CultureInfo.InvariantCulture), 7.5, 8.5);
        Assert.Contains("below $3,100", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("DeepSeek sell-off", "27 January 2025")]
    [InlineData("US imposes tariffs", "1 February 2025")]
    [InlineData("El Salvador", "30 January 2025")]
    public async Task Brief_names_the_catalyst_with_its_date_when_window_is_3_February_2025(string catalyst, string date)
    {
        var text = BriefText.Of(await market.HtmlAsync(MarketFixture.TariffDay));

        Assert.Matches(new Regex(Regex.Escape(date) + " — " + Regex.Escape(catalyst)), text);
        Assert.Contains("News in and before the window", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Brief_keeps_the_seed_figures_when_window_is_3_February_2025()
    {
        var text = BriefText.Of(await market.HtmlAsync(MarketFixture.TariffDay));

        foreach (var expected in new[] { "$2.03 billion", "$1.77 billion", "$270 million", "700,600", "Binance", "ETHUSDT", "$25.6 million", "below $92,000" })
        {
            Assert.Contains(expected, text, StringComparison.Ordinal);
        }

        Assert.Contains("its lowest level since 14 January 2025, more than two weeks earlier", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Brief_calls_10_October_2025_the_largest_in_the_stored_history()
    {
        var text = BriefText.Of(await market.HtmlAsync(MarketFixture.CrashDay));

        Assert.Contains("It was the largest daily total in the stored history", text, StringComparison.Ordinal);
        Assert.Contains("$19.1 billion", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Brief_ranks_the_weekend_after_the_crash_third_this_year()
    {
        var text = BriefText.Of(await market.HtmlAsync(MarketFixture.WeekendAfterCrash));

        Assert.Contains("It was the third-largest day of 2025 so far.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("largest daily total in the stored history", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Brief_reads_as_a_short_squeeze_and_never_a_long_squeeze_when_shorts_dominate()
    {
        var text = BriefText.Of(await market.HtmlAsync(MarketFixture.ShortSqueezeDay));

        Assert.Contains("a short squeeze", text, StringComparison.Ordinal);
        Assert.Contains("Was this a short squeeze? Yes: shorts were 80 %", text, StringComparison.Ordinal);
        Assert.DoesNotContain("long squeeze", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("mostly longs", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Brief_states_neither_traders_nor_single_orders_when_the_window_has_neither()
    {
        var text = BriefText.Of(await market.HtmlAsync(MarketFixture.SparseDay));

        Assert.DoesNotContain("trader", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("largest single", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("orders were", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("$150 million", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Brief_says_orders_not_traders_when_only_bucket_order_counts_exist()
    {
        var text = BriefText.Of(await market.HtmlAsync(MarketFixture.WeekendAfterCrash));

        Assert.Contains("liquidation orders were recorded", text, StringComparison.Ordinal);
        Assert.DoesNotContain("traders were liquidated", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Brief_reads_the_same_for_the_same_window_and_differently_on_consecutive_days()
    {
        var first = BriefText.Of(await market.HtmlAsync(MarketFixture.CrashDay));
        var again = BriefText.Of(await market.HtmlAsync(MarketFixture.CrashDay));
        var nextDay = BriefText.Of(await market.HtmlAsync(MarketFixture.WeekendAfterCrash));

        Assert.Equal(first, again);
        Assert.NotEqual(Opening(first), Opening(nextDay));

        static string Opening(string text) => Regex.Match(text, @"What happened (\S+ \S+)").Groups[1].Value;
    }
}
