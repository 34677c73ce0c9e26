namespace ReportForge.Reporting.Charts;

/// <summary>Long and short liquidations as stacked bars: one bar per asset (vertical) or per exchange (horizontal).</summary>
/// <remarks>Longs are solid and shorts hatched, so the split reads in grey-scale print; the largest few are drawn and the rest summed.</remarks>
internal static class LiquidationBars
{
    public const double Width = 330;
    public const double Height = 200;
    private const double AxisFont = 8.5;
    private const double ValueFont = 8;
    private const int MaxBars = 6;

    private const string LongFill = "#1f3a5f";

    /// <summary>One vertical stacked bar per asset.</summary>
    public static string ByAsset(IReadOnlyList<LiquidationSlice> slices)
    {
        var bars = Top(slices, "Other");
        var svg = new Svg(Width, Height, "chart liquidation-chart", "Liquidations by asset, longs and shorts stacked");
        var shortFill = Defs(svg, "rf-hatch-asset");
        var legendBottom = Legend(svg, 0, shortFill);
        if (bars.Count == 0)
        {
            return svg.ToString();
        }

        var plotTop = legendBottom + 16;
        var plotBottom = Height - AxisFont * 1.2 - 6;
        var plotHeight = plotBottom - plotTop;
        var max = bars.Max(b => b.Total);
        var step = NiceScale.Step(0, max, Math.Min(5, Math.Max(2, (int)(plotHeight / (AxisFont * 2.6)))));
        var top = Math.Ceiling(max / step - 1e-9) * step;
        var ticks = NiceScale.Ticks(0, top, step);
        var tickLabels = ticks.Select(t => ChartFormat.MoneyTick(t, step)).ToList();
        var plotLeft = tickLabels.Max(t => TextMetrics.Width(t, AxisFont)) + 6;
        var plotRight = Width - 2;
        double Y(double v) => plotBottom - v / top * plotHeight;

        for (var i = 0; i < ticks.Count; i++)
        {
            var y = Y(ticks[i]);
            svg.Line(plotLeft, y, plotRight, y, "grid", "#d5d9df", 0.5);
            svg.Text(LabelBox.EndingAt(tickLabels[i], plotLeft - 4, y - AxisFont * 0.6, AxisFont), tickLabels[i], "tick");
        }

        var slot = (plotRight - plotLeft) / bars.Count;
        var barWidth = Math.Min(44, slot * 0.62);
        for (var i = 0; i < bars.Count; i++)
        {
            var bar = bars[i];
            var centre = plotLeft + slot * (i + 0.5);
            var yLong = Y(bar.Long);
            var yTotal = Y(bar.Total);
            svg.Rect(centre - barWidth / 2, yLong, barWidth, plotBottom - yLong, "long", LongFill);
            svg.Rect(centre - barWidth / 2, yTotal, barWidth, yLong - yTotal, "short", shortFill, "#1f3a5f");

            // Labels shrink to fit their slot; a label that still does not fit is left out rather than overlapping.
            var value = ChartFormat.CompactMoney(bar.Total);
            var valueBox = LabelBox.Centred(value, centre, yTotal - ValueFont * 1.2 - 2, ValueFont);
            if (valueBox.Width <= slot - 4)
            {
                svg.Text(valueBox, value, "value");
            }

            var name = LabelBox.Centred(bar.Label, centre, plotBottom + 4, AxisFont);
            if (name.Width <= slot - 4)
            {
                svg.Text(name, bar.Label, "tick");
            }
        }

        svg.Line(plotLeft, plotBottom, plotRight, plotBottom, "axis", "#5a6270", 0.75);
        return svg.ToString();
    }

    /// <summary>One horizontal stacked bar per exchange, largest first.</summary>
    public static string ByExchange(IReadOnlyList<LiquidationSlice> slices)
    {
        var bars = Top(slices, "Others");
        var svg = new Svg(Width, Height, "chart exchange-chart", "Liquidations by exchange, longs and shorts stacked");
        var shortFill = Defs(svg, "rf-hatch-exchange");
        var legendBottom = Legend(svg, 0, shortFill);
        if (bars.Count == 0)
        {
            return svg.ToString();
        }

        var plotTop = legendBottom + 8;
        var plotBottom = Height - 2;
        var rowHeight = Math.Min(26, (plotBottom - plotTop) / bars.Count);
        var barHeight = rowHeight * 0.62;
        var plotLeft = bars.Max(b => TextMetrics.Width(b.Label, AxisFont)) + 8;
        var values = bars.Select(b => ChartFormat.CompactMoney(b.Total)).ToList();
        var valueWidth = values.Max(v => TextMetrics.Width(v, ValueFont)) + 6;
        var plotRight = Width - valueWidth;
        var max = bars.Max(b => b.Total);
        double X(double v) => plotLeft + v / max * (plotRight - plotLeft);

        for (var i = 0; i < bars.Count; i++)
        {
            var bar = bars[i];
            var y = plotTop + rowHeight * i + (rowHeight - barHeight) / 2;
            svg.Rect(plotLeft, y, X(bar.Long) - plotLeft, barHeight, "long", LongFill);
            svg.Rect(X(bar.Long), y, X(bar.Total) - X(bar.Long), barHeight, "short", shortFill, "#1f3a5f");
            var middle = y + barHeight / 2 - AxisFont * 0.6;
            svg.Text(LabelBox.EndingAt(bar.Label, plotLeft - 6, middle, AxisFont), bar.Label, "tick");
            svg.Text(LabelBox.At(values[i], X(bar.Total) + 4, middle, ValueFont), values[i], "value");
        }

        svg.Line(plotLeft, plotTop, plotLeft, plotTop + rowHeight * bars.Count, "axis", "#5a6270", 0.75);
        return svg.ToString();
    }

    private static List<LiquidationSlice> Top(IReadOnlyList<LiquidationSlice> slices, string rest)
    {
        // An aggregate bucket ("OTHER") is drawn last whatever its size: it is not a peer of the named ones.
        var ordered = slices.Where(s => s.Total > 0)
            .OrderBy(s => string.Equals(s.Label, "OTHER", StringComparison.OrdinalIgnoreCase) ? 1 : 0)
            .ThenByDescending(s => s.Total).ToList();
        if (ordered.Count <= MaxBars)
        {
            return ordered;
        }

        var others = ordered.Skip(MaxBars - 1).ToList();
        ordered = ordered.Take(MaxBars - 1).ToList();
        return [.. ordered, new LiquidationSlice { Asset = rest, Long = others.Sum(o => o.Long), Short = others.Sum(o => o.Short) }];
    }

    /// <summary>Defines the hatching of shorts under an id unique in the brief; returns the fill that uses it.</summary>
    private static string Defs(Svg svg, string id)
    {
        svg.Raw("<defs><pattern id=\"" + id + "\" patternUnits=\"userSpaceOnUse\" width=\"4\" height=\"4\" patternTransform=\"rotate(45)\">"
                + "<rect width=\"4\" height=\"4\" fill=\"#fff\"/><line class=\"hatch\" x1=\"0\" y1=\"0\" x2=\"0\" y2=\"4\" stroke=\"#1f3a5f\" stroke-width=\"1.6\"/></pattern></defs>");
        return "url(#" + id + ")";
    }

    /// <summary>The key of both fills, on the first line; returns the line's bottom.</summary>
    private static double Legend(Svg svg, double top, string shortFill)
    {
        var longs = LabelBox.At("Longs", 14, top, AxisFont);
        svg.Rect(0, top + 2, 10, 8, "long", LongFill);
        svg.Text(longs, "Longs", "legend");
        var shorts = LabelBox.At("Shorts", longs.Right + 26, top, AxisFont);
        svg.Rect(shorts.X - 14, top + 2, 10, 8, "short", shortFill, "#1f3a5f");
        svg.Text(shorts, "Shorts", "legend");
        return longs.Bottom;
    }
}
