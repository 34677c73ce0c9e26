using System.Text;

namespace ReportForge.Reporting.Charts;

/// <summary>Hourly price of each charted asset side by side: the close as a line over its high–low band, the window shaded, the window's low marked and labelled.</summary>
internal static class PriceChart
{
    public const double Width = 680;
    public const double Height = 230;
    private const double PanelGap = 28;
    private const double HeaderHeight = 20;
    private const double AxisFont = 8.5;
    private const double TitleFont = 9.5;
    private const double LabelFont = 8.5;

    public static string Render(ChartFacts facts)
    {
        var series = facts.Prices;
        var label = "Hourly price of " + string.Join(" and ", series.Select(s => s.Name)) + ", window's low marked";
        var svg = new Svg(Width, Height, "chart price-chart", label);
        if (series.Count == 0)
        {
            return svg.ToString();
        }

        var panelWidth = (Width - PanelGap * (series.Count - 1)) / series.Count;
        for (var i = 0; i < series.Count; i++)
        {
            Panel(svg, facts, series[i], i * (panelWidth + PanelGap), panelWidth);
        }

        return svg.ToString();
    }

    private static void Panel(Svg svg, ChartFacts facts, PriceSeriesFacts series, double left, double width)
    {
        var points = series.Points;
        var title = LabelBox.At($"{series.Name} ({series.Asset}), USD", left, 0, TitleFont, bold: true);
        svg.Text(title, title.Width > width ? series.Asset : $"{series.Name} ({series.Asset}), USD", "chart-title");
        var legendText = "brief window";
        var legend = LabelBox.EndingAt(legendText, left + width, 1, AxisFont);
        if (legend.X - 14 > title.Right + 8)
        {
            svg.Rect(legend.X - 13, 3, 10, 8, "window", "#e4e7ec", "#8a929e");
            svg.Text(legend, legendText, "legend");
        }

        if (points.Count == 0)
        {
            return;
        }

        // The y range leaves room under the lowest point for the low's label.
        var low = Math.Min(points.Min(p => p.Low), series.WindowLow);
        var high = points.Max(p => p.High);
        var range = Math.Max(high - low, high * 0.002);
        var domainMin = low - range * 0.2;
        var domainMax = high + range * 0.05;

        var plotTop = HeaderHeight + 4;
        var plotBottom = Height - AxisFont * 1.2 - 8;
        var plotHeight = plotBottom - plotTop;
        var maxTicks = Math.Max(2, (int)(plotHeight / (AxisFont * 2.6)));
        var step = NiceScale.Step(domainMin, domainMax, Math.Min(6, maxTicks));
        var ticks = NiceScale.Ticks(domainMin, domainMax, step);
        var tickLabels = ticks.Select(t => ChartFormat.PriceTick(t, step)).ToList();
        var axisWidth = tickLabels.Max(t => TextMetrics.Width(t, AxisFont)) + 6;
        var plotLeft = left + axisWidth;
        var plotRight = left + width - 2;

        var from = facts.From;
        var to = facts.To;
        var span = (to - from).TotalHours;
        double X(DateTimeOffset t) => plotLeft + (t - from).TotalHours / span * (plotRight - plotLeft);
        double Y(double v) => plotBottom - (v - domainMin) / (domainMax - domainMin) * plotHeight;

        // Window shading first, so the series draws over it.
        var windowLeft = Math.Max(plotLeft, X(series.WindowStart));
        var windowRight = Math.Min(plotRight, X(series.WindowEnd));
        svg.Rect(windowLeft, plotTop, windowRight - windowLeft, plotHeight, "window", "#e4e7ec");
        svg.Line(windowLeft, plotTop, windowLeft, plotBottom, "window-edge", "#8a929e", 0.75, "3 2");

        for (var i = 0; i < ticks.Count; i++)
        {
            var y = Y(ticks[i]);
            svg.Line(plotLeft, y, plotRight, y, "grid", "#d5d9df", 0.5);
            var tick = LabelBox.EndingAt(tickLabels[i], plotLeft - 4, y - AxisFont * 0.6, AxisFont);
            svg.Text(tick, tickLabels[i], "tick");
        }

        svg.Line(plotLeft, plotBottom, plotRight, plotBottom, "axis", "#5a6270", 0.75);
        DayTicks(svg, from, to, X, plotLeft, plotRight, plotBottom);

        var (band, line) = Paths(points, X, Y);
        svg.Path(band, "band", "#c3cad4", "none", 0);
        svg.Path(line, "price-line", "none", "#1f3a5f", 1.3);

        var lowX = X(series.WindowLowTime.AddMinutes(30));
        var lowY = Y(series.WindowLow);
        svg.Circle(lowX, lowY, 3, "low-marker", "#fff", "#b4532a");
        var lowText = $"Low {ChartFormat.Price(series.WindowLow)} at {ChartFormat.Hour(series.WindowLowTime)}";
        var lowLabel = PlaceLowLabel(lowText, lowX, lowY, plotLeft, plotRight, plotTop, plotBottom, points, X, Y);
        svg.Text(lowLabel, lowText, "low-label", halo: true);
    }

    private static void DayTicks(Svg svg, DateTimeOffset from, DateTimeOffset to, Func<DateTimeOffset, double> x, double plotLeft, double plotRight, double plotBottom)
    {
        var midnights = new List<DateTimeOffset>();
        var day = new DateTimeOffset(from.Date, from.Offset);
        if (day < from)
        {
            day = day.AddDays(1);
        }

        for (; day <= to; day = day.AddDays(1))
        {
            midnights.Add(day);
        }

        // Labels sit mid-day; every n-th day is labelled so that neighbours keep a gap.
        var labelWidth = midnights.Count == 0 ? 0 : midnights.Max(d => TextMetrics.Width(ChartFormat.Day(d), AxisFont));
        var dayWidth = x(from.AddDays(1)) - x(from);
        var stride = Math.Max(1, (int)Math.Ceiling((labelWidth + 8) / Math.Max(dayWidth, 1)));
        var days = midnights.Count > 0 && midnights[0] > from ? midnights.Prepend(midnights[0].AddDays(-1)).ToList() : midnights;
        LabelBox? previous = null;
        for (var i = 0; i < days.Count; i++)
        {
            var tickX = x(days[i]);
            if (tickX >= plotLeft && tickX <= plotRight)
            {
                svg.Line(tickX, plotBottom, tickX, plotBottom + 3, "tick-mark", "#5a6270", 0.75);
            }

            if (i % stride != 0)
            {
                continue;
            }

            var text = ChartFormat.Day(days[i]);
            var centre = x(days[i].AddHours(12));
            var box = LabelBox.Centred(text, centre, plotBottom + 4, AxisFont);
            if (box.X < plotLeft - 2 || box.Right > plotRight + 2 || (previous is { } p && box.Overlaps(p, 4)))
            {
                continue;
            }

            svg.Text(box, text, "tick");
            previous = box;
        }
    }

    private static (string Band, string Line) Paths(IReadOnlyList<PricePointFacts> points, Func<DateTimeOffset, double> x, Func<double, double> y)
    {
        var band = new StringBuilder();
        var line = new StringBuilder();
        var start = 0;
        for (var i = 0; i <= points.Count; i++)
        {
            // A gap of more than 90 minutes is missing data: the line breaks rather than bridging it.
            var breaks = i == points.Count || (i > start && (points[i].Time - points[i - 1].Time).TotalMinutes > 90);
            if (!breaks)
            {
                continue;
            }

            var segment = points.Skip(start).Take(i - start).ToList();
            for (var k = 0; k < segment.Count; k++)
            {
                line.Append(k == 0 ? 'M' : 'L').Append(Svg.N(x(segment[k].Time.AddMinutes(30)))).Append(' ').Append(Svg.N(y(segment[k].Close))).Append(' ');
            }

            for (var k = 0; k < segment.Count; k++)
            {
                band.Append(k == 0 ? 'M' : 'L').Append(Svg.N(x(segment[k].Time.AddMinutes(30)))).Append(' ').Append(Svg.N(y(segment[k].High))).Append(' ');
            }

            for (var k = segment.Count - 1; k >= 0; k--)
            {
                band.Append('L').Append(Svg.N(x(segment[k].Time.AddMinutes(30)))).Append(' ').Append(Svg.N(y(segment[k].Low))).Append(' ');
            }

            if (segment.Count > 0)
            {
                band.Append("Z ");
            }

            start = i;
        }

        return (band.ToString().TrimEnd(), line.ToString().TrimEnd());
    }

    /// <summary>Below the marker if the series leaves room there, else above, left or right; clamped inside the plot.</summary>
    private static LabelBox PlaceLowLabel(
        string text, double lowX, double lowY, double plotLeft, double plotRight, double plotTop, double plotBottom,
        IReadOnlyList<PricePointFacts> points, Func<DateTimeOffset, double> x, Func<double, double> y)
    {
        var width = TextMetrics.Width(text, LabelFont);
        var height = LabelFont * 1.2;
        double ClampX(double left) => Math.Clamp(left, plotLeft + 2, plotRight - width - 2);
        double ClampY(double top) => Math.Clamp(top, plotTop + 2, plotBottom - height - 2);
        var candidates = new[]
        {
            new LabelBox(ClampX(lowX - width / 2), ClampY(lowY + 6), width, height, LabelFont),
            new LabelBox(ClampX(lowX + 7), ClampY(lowY - height / 2), width, height, LabelFont),
            new LabelBox(ClampX(lowX - 7 - width), ClampY(lowY - height / 2), width, height, LabelFont),
            new LabelBox(ClampX(lowX - width / 2), ClampY(lowY - 6 - height), width, height, LabelFont),
        };
        foreach (var candidate in candidates)
        {
            var marker = new LabelBox(lowX - 4, lowY - 4, 8, 8, LabelFont);
            if (!candidate.Overlaps(marker) && !points.Any(p => Crosses(candidate, x(p.Time.AddMinutes(30)), y(p.High), y(p.Low))))
            {
                return candidate;
            }
        }

        return candidates[0];
    }

    private static bool Crosses(LabelBox box, double x, double top, double bottom) =>
        x >= box.X - 1 && x <= box.Right + 1 && top <= box.Bottom + 1 && bottom >= box.Top - 1;
}
