using ReportForge.Reporting.Templates;
using ReportForge.Reporting.Tests.Fixtures;

namespace ReportForge.Reporting.Tests.Templates;

[Collection(MarketGroup.Name)]
public sealed class SampleWindowTests(MarketDatabase market)
{
    private static readonly string[] DayList = ["2025-01-27", "2025-02-03", "2025-09-18", "2025-09-24", "2025-10-10", "2025-10-11"];

    public static TheoryData<string> Days => new(DayList);

    [Theory]
    [MemberData(nameof(Days))]
    public async Task Embedded_sample_window_matches_the_analysis_of_the_fixture_market(string day)
    {
        var facts = await market.Fixture.FactsAsync(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture));

        Golden.Match($"src/Reporting/Templates/SampleWindows/{day}.json", BriefModel.Serialize(facts));
    }

    [Fact]
    public void BuiltIn_sample_windows_are_the_six_fixture_days()
    {
        Assert.Equal(DayList, SampleWindow.BuiltIn().Select(w => w.Name));
    }
}
