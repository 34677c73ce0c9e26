using System.Globalization;
using System.Xml.Linq;
using ReportForge.Reporting.Charts;

namespace ReportForge.Reporting.Tests.Charts;

/// <summary>The labels of a chart's SVG with the boxes they print in (left-aligned text, Noto Sans metrics).</summary>
internal static class SvgLabels
{
    public static XElement Parse(string svg) => XElement.Parse(svg);

    public static IReadOnlyList<(string Text, LabelBox Box)> Of(string svg)
    {
        XNamespace ns = "http://www.w3.org/2000/svg";
        return Parse(svg).Descendants(ns + "text").Select(t =>
        {
            var size = double.Parse(t.Attribute("font-size")!.Value, CultureInfo.InvariantCulture);
            var x = double.Parse(t.Attribute("x")!.Value, CultureInfo.InvariantCulture);
            var baseline = double.Parse(t.Attribute("y")!.Value, CultureInfo.InvariantCulture);
            var bold = t.Attribute("font-weight")?.Value == "700";
            return (t.Value, LabelBox.At(t.Value, x, baseline - size * 0.8, size, bold));
        }).ToList();
    }

    public static void AssertNoOverlapAndInside(string svg)
    {
        var root = Parse(svg);
        var viewBox = root.Attribute("viewBox")!.Value.Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var labels = Of(svg);
        foreach (var (text, box) in labels)
        {
            Assert.True(box.X >= -0.5 && box.Right <= viewBox[2] + 0.5 && box.Top >= -0.5 && box.Bottom <= viewBox[3] + 0.5,
                $"label '{text}' at {box} leaves the {viewBox[2]}×{viewBox[3]} chart");
        }

        for (var i = 0; i < labels.Count; i++)
        {
            for (var j = i + 1; j < labels.Count; j++)
            {
                Assert.False(labels[i].Box.Overlaps(labels[j].Box), $"labels '{labels[i].Text}' and '{labels[j].Text}' overlap");
            }
        }
    }
}
