using ReportForge.Reporting.Analysis;
using ReportForge.Reporting.Tests.Fixtures;

namespace ReportForge.Reporting.Tests.Analysis;

[Collection(MarketGroup.Name)]
public sealed class BriefAnalyzerTests(MarketDatabase market)
{
    [Fact]
    public async Task AnalyseAsync_ranks_against_days_before_the_window_only()
    {
        var facts = await market.Fixture.FactsAsync(MarketFixture.TariffDay);

        var rank = facts.Liquidations!.Rank!;
        Assert.True(rank.IsLargest);
        Assert.Equal(1, rank.Rank);
        Assert.Equal(34, rank.Days); // 1 Jan to 3 Feb; the later days of the store are not looked at.
        Assert.Null(rank.LargestSince);
    }

    [Fact]
    public async Task AnalyseAsync_finds_the_last_larger_day_when_the_window_is_not_the_largest()
    {
        var facts = await market.Fixture.FactsAsync(MarketFixture.ShortSqueezeDay);

        var rank = facts.Liquidations!.Rank!;
        Assert.Equal(new DateOnly(2025, 2, 3), DateOnly.FromDateTime(rank.LargestSince!.Value.DateTime));
        Assert.Equal(2_034_800_000, rank.LargestSinceTotal!.Value, 0.5);
        Assert.Equal(3, rank.YearRank);
    }

    [Fact]
    public async Task AnalyseAsync_reports_lowest_since_drawdowns_and_round_levels_for_3_February_2025()
    {
        var btc = (await market.Fixture.FactsAsync(MarketFixture.TariffDay)).Prices.Single(p => p.Asset == "BTC");

        Assert.Equal(92_000, btc.LevelBroken);
        Assert.Equal(91_231, btc.Low, 0.01);
        Assert.Equal(new DateOnly(2025, 1, 14), DateOnly.FromDateTime(btc.LowestSince!.Value.DateTime));
        Assert.Equal(2, btc.LowestSinceWeeks);
        Assert.Equal(109_100, btc.PeriodPeak!.Value, 0.01);
        Assert.True(btc.DrawdownFromPeriodPeakPct < -7);
        Assert.Equal(109_100, btc.DataPeak!.Value, 0.01);
    }

    [Fact]
    public async Task AnalyseAsync_measures_the_drawdown_from_the_highest_price_in_the_data()
    {
        var btc = (await market.Fixture.FactsAsync(MarketFixture.CrashDay)).Prices.Single(p => p.Asset == "BTC");

        Assert.Equal(126_100, btc.DataPeak!.Value, 0.5);
        Assert.Equal(new DateOnly(2025, 10, 6), DateOnly.FromDateTime(btc.DataPeakTime!.Value.DateTime));
        Assert.Equal((113_200 - 126_100) / 126_100.0 * 100, btc.DrawdownFromDataPeakPct!.Value, 0.01);
    }

    [Fact]
    public async Task AnalyseAsync_ranks_causes_by_strength_with_evidence_for_27_January_2025()
    {
        var facts = await market.Fixture.FactsAsync(MarketFixture.DeepSeekDay);

        var kinds = facts.Causes.Select(c => c.Kind).ToList();
        Assert.Contains("long-squeeze", kinds);
        Assert.Contains("risk-off", kinds);
        Assert.Contains("leverage-build-up", kinds);
        Assert.Contains("leverage-flush", kinds);
        Assert.Contains("catalysts", kinds);
        Assert.DoesNotContain("short-squeeze", kinds);
        Assert.DoesNotContain("thin-liquidity", kinds);
        Assert.Equal(facts.Causes.OrderByDescending(c => c.Strength).Select(c => c.Kind), kinds);
        Assert.Equal(3, facts.Causes.Count(c => c.Lead));
        Assert.Contains("Nasdaq-100 fell 3.1", facts.Causes.Single(c => c.Kind == "risk-off").Evidence, StringComparison.Ordinal);
        Assert.Contains("open interest had risen", facts.Causes.Single(c => c.Kind == "leverage-build-up").Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnalyseAsync_detects_only_causes_whose_data_is_present_when_the_day_is_sparse()
    {
        var facts = await market.Fixture.FactsAsync(MarketFixture.SparseDay);

        Assert.Null(facts.Leverage?.OpenInterestChangePct); // No derivatives stored inside the day.
        Assert.Null(facts.Leverage?.FundingAveragePct);
        Assert.Null(facts.Liquidations!.Traders);
        Assert.Null(facts.Liquidations.Orders);
        Assert.Null(facts.Liquidations.Largest);
        Assert.DoesNotContain(facts.Causes, c => c.Kind is "leverage-flush" or "leverage-build-up" or "catalysts" or "flows");
    }

    [Fact]
    public async Task AnalyseAsync_grades_severity_from_the_total()
    {
        Assert.Equal(5, (await market.Fixture.FactsAsync(MarketFixture.CrashDay)).Severity!.Tier);
        Assert.Equal("extreme", (await market.Fixture.FactsAsync(MarketFixture.CrashDay)).Severity!.Label);
        Assert.Equal(2, (await market.Fixture.FactsAsync(MarketFixture.SparseDay)).Severity!.Tier);
    }

    [Fact]
    public async Task AnalyseAsync_cuts_the_day_in_the_briefs_time_zone()
    {
        var utc = await market.Fixture.FactsAsync(MarketFixture.TariffDay);
        var newYork = await market.Fixture.FactsAsync(MarketFixture.TariffDay, "America/New_York");

        Assert.Equal(TimeSpan.FromHours(-5), newYork.Window.Start.Offset);
        Assert.Equal(new DateTimeOffset(2025, 2, 3, 5, 0, 0, TimeSpan.Zero), newYork.Window.Start.ToUniversalTime());
        Assert.NotEqual(utc.Liquidations!.Total, newYork.Liquidations!.Total);
        Assert.Null(newYork.Liquidations.Traders); // Trader counts describe UTC days only.
        Assert.Equal(TimeSpan.FromHours(-5), newYork.Prices[0].LowTime.Offset);
    }

    [Fact]
    public async Task AnalyseAsync_gives_consecutive_days_consecutive_seeds()
    {
        var crash = await market.Fixture.FactsAsync(MarketFixture.CrashDay);
        var after = await market.Fixture.FactsAsync(MarketFixture.WeekendAfterCrash);

        Assert.Equal(crash.Window.Seed + 1, after.Window.Seed);
    }

    [Theory]
    [InlineData(97_500.0, 91_231.0, 92_000.0)]
    [InlineData(3_330.0, 3_050.0, 3_100.0)]
    [InlineData(97_500.0, 97_400.0, null)]
    [InlineData(0.36, 0.3189, 0.32)]
    public void RoundLevelBroken_is_the_round_level_just_above_the_low(double open, double low, double? expected)
    {
        var level = ReportForge.Reporting.Analysis.Prices.PriceAnalysis.RoundLevelBroken(open, low);
        if (expected is null)
        {
            Assert.Null(level);
        }
        else
        {
            Assert.Equal(expected.Value, level!.Value, 6);
        }
    }
}
