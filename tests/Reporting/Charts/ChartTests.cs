using System.Globalization;
using System.Xml.Linq;
using ReportForge.Reporting.Charts;

namespace ReportForge.Reporting.Tests.Charts;

public sealed class ChartTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private static readonly DateTimeOffset WindowStart = new(2025, 2, 3, 0, 0, 0, TimeSpan.Zero);

    private static PriceSeriesFacts Series(string asset, string name, double level, double crash, int lowHour, int daysBefore = 3, double earlierLow = double.NaN)
    {
        var points = new List<PricePointFacts>();
        for (var h = -24 * daysBefore; h < 24; h++)
        {
            var close = h < 0 ? level * (1 + 0.01 * Math.Sin(h / 5.0)) : level * (1 - crash * Math.Max(0, 1 - Math.Abs(h - lowHour) / 12.0));
            if (!double.IsNaN(earlierLow) && h == -30)
            {
                close = earlierLow;
            }

            points.Add(new PricePointFacts(WindowStart.AddHours(h), close * 0.997, close * 1.003, close));
        }

        var window = points.Where(p => p.Time >= WindowStart).ToList();
        var low = window.MinBy(p => p.Low)!;
        return new PriceSeriesFacts(asset, name, WindowStart, WindowStart.AddDays(1), low.Low, low.Time, points);
    }

    private static ChartFacts Facts(params PriceSeriesFacts[] series) => new(WindowStart.AddDays(-3), WindowStart.AddDays(1), 3, series);

    [Fact]
    public void Price_chart_marks_and_labels_each_window_low()
    {
        var btc = Series("BTC", "Bitcoin", 100_000, 0.09, 9);
        var eth = Series("ETH", "Ethereum", 3_300, 0.17, 14);

        var svg = ChartHelpers.Render("prices", Facts(btc, eth));

        var labels = SvgLabels.Of(svg).Select(l => l.Text).ToList();
        Assert.Contains($"Low {ChartFormat.Price(btc.WindowLow)} at 09:00", labels);
        Assert.Contains($"Low {ChartFormat.Price(eth.WindowLow)} at 14:00", labels);
        Assert.Equal(2, XElement.Parse(svg).Descendants(Svg + "circle").Count(c => c.Attribute("class")?.Value == "low-marker"));
        Assert.Contains("Bitcoin (BTC), USD", labels);
        Assert.Contains("31 Jan", labels);
        Assert.Contains("3 Feb", labels);
    }

    [Theory]
    [InlineData(100_000, 0.09, 9, 3)]
    [InlineData(100_000, 0.002, 0, 3)]
    [InlineData(100_000, 0.09, 23, 10)]
    [InlineData(0.3215, 0.2, 12, 3)]
    [InlineData(3_300, 0.3, 2, 1)]
    public void Price_chart_labels_never_overlap_and_stay_inside(double level, double crash, int lowHour, int daysBefore)
    {
        var series = Series("BTC", "Bitcoin", level, crash, lowHour, daysBefore);
        var facts = new ChartFacts(WindowStart.AddDays(-daysBefore), WindowStart.AddDays(1), daysBefore, [series, Series("ETH", "Ethereum", level / 30, crash, 23 - lowHour, daysBefore)]);

        SvgLabels.AssertNoOverlapAndInside(ChartHelpers.Render("prices", facts));
    }

    [Fact]
    public void Low_label_avoids_the_line_when_the_days_before_went_lower()
    {
        var series = Series("BTC", "Bitcoin", 100_000, 0.05, 9, earlierLow: 80_000);

        var svg = ChartHelpers.Render("prices", Facts(series));

        SvgLabels.AssertNoOverlapAndInside(svg);
        var (_, box) = SvgLabels.Of(svg).Single(l => l.Text.StartsWith("Low ", StringComparison.Ordinal));
        var line = XElement.Parse(svg).Descendants(Svg + "path").Single(p => p.Attribute("class")?.Value == "price-line").Attribute("d")!.Value;
        var vertices = line.Split(['M', 'L'], StringSplitOptions.RemoveEmptyEntries)
            .Select(v => v.Trim().Split(' ').Select(n => double.Parse(n, CultureInfo.InvariantCulture)).ToArray());
        Assert.DoesNotContain(vertices, v => box.Contains(v[0], v[1]));
    }

    [Fact]
    public void Price_axis_ticks_are_round_and_rising()
    {
        var svg = ChartHelpers.Render("prices", Facts(Series("BTC", "Bitcoin", 97_300, 0.08, 9)));

        var ticks = SvgLabels.Of(svg).Where(l => l.Text.StartsWith('$') && !l.Text.Contains(' ', StringComparison.Ordinal))
            .Select(l => (Value: double.Parse(l.Text.TrimStart('$'), NumberStyles.Number, CultureInfo.InvariantCulture), l.Box.Top)).ToList();
        Assert.InRange(ticks.Count, 3, 6);
        Assert.All(ticks, t => Assert.Equal(0, t.Value % 500));
        // Higher prices print higher up.
        Assert.Equal(ticks.OrderByDescending(t => t.Value).Select(t => t.Top), ticks.OrderBy(t => t.Top).Select(t => t.Top));
    }

    [Fact]
    public void Liquidation_bars_stack_longs_solid_under_shorts_hatched()
    {
        var slices = new LiquidationSlices
        {
            ByAsset = [new LiquidationSlice { Asset = "BTC", Long = 300e6, Short = 110e6 }, new LiquidationSlice { Asset = "ETH", Long = 540e6, Short = 65e6 }],
        };

        var svg = XElement.Parse(ChartHelpers.Render("liquidations-by-asset", slices));

        var rects = svg.Descendants(Svg + "rect").Where(r => r.Attribute("height") is not null && r.Parent?.Name != Svg + "pattern").ToList();
        var longs = rects.Where(r => r.Attribute("class")?.Value == "long" && double.Parse(r.Attribute("height")!.Value, CultureInfo.InvariantCulture) > 20).ToList();
        var shorts = rects.Where(r => r.Attribute("class")?.Value == "short" && r.Attribute("y")!.Value != "2").ToList();
        Assert.Equal(2, longs.Count);
        Assert.Equal(2, shorts.Count);
        // Grey-scale: shorts are a hatch pattern defined in this chart, longs a solid fill.
        var pattern = svg.Descendants(Svg + "pattern").Single().Attribute("id")!.Value;
        Assert.All(shorts, s => Assert.Equal($"url(#{pattern})", s.Attribute("fill")!.Value));
        Assert.All(longs, l => Assert.StartsWith("#", l.Attribute("fill")!.Value, StringComparison.Ordinal));
        // ETH is drawn first (largest) and its long bar is 540/300 the height of BTC's.
        double Height(XElement r) => double.Parse(r.Attribute("height")!.Value, CultureInfo.InvariantCulture);
        Assert.Equal(540.0 / 300.0, Height(longs[0]) / Height(longs[1]), 2);
        var labels = SvgLabels.Of(svg.ToString()).Select(l => l.Text).ToList();
        Assert.Equal(["$605M", "ETH", "$410M", "BTC"], labels.Where(l => l is "$605M" or "ETH" or "$410M" or "BTC"));
    }

    [Fact]
    public void Many_assets_are_summed_into_a_last_bar_and_labels_do_not_overlap()
    {
        var slices = new LiquidationSlices
        {
            ByAsset = Enumerable.Range(0, 12).Select(i => new LiquidationSlice { Asset = "COIN" + i.ToString(CultureInfo.InvariantCulture), Long = 1e9 / (i + 1), Short = 2e8 / (i + 1) })
                .Append(new LiquidationSlice { Asset = "OTHER", Long = 5e9, Short = 1e9 }).ToList(),
            ByExchange = Enumerable.Range(0, 9).Select(i => new LiquidationSlice { Exchange = "Exchange number " + i.ToString(CultureInfo.InvariantCulture), Long = 8e8 / (i + 1), Short = 1e8 }).ToList(),
        };

        var byAsset = ChartHelpers.Render("liquidations-by-asset", slices);
        var byExchange = ChartHelpers.Render("liquidations-by-exchange", slices);

        SvgLabels.AssertNoOverlapAndInside(byAsset);
        SvgLabels.AssertNoOverlapAndInside(byExchange);
        var assetLabels = SvgLabels.Of(byAsset).Select(l => l.Text).ToList();
        Assert.Equal("Other", assetLabels.Last(l => !l.StartsWith('$')));
        Assert.Contains("Others", SvgLabels.Of(byExchange).Select(l => l.Text));
    }

    [Fact]
    public void Unknown_chart_is_refused_naming_the_known_ones()
    {
        var error = Assert.Throws<HandlebarsDotNet.HandlebarsRuntimeException>(() => ChartHelpers.Render("pie", new LiquidationSlices()));

        Assert.Contains("\"prices\"", error.Message, StringComparison.Ordinal);
    }
}
