using System.Globalization;
using System.Net;
using System.Text;

namespace ReportForge.Reporting.Charts;

/// <summary>Writes one SVG element tree with invariant numbers and escaped text; inline in the brief's HTML, so it needs no namespace prefixes or external references.</summary>
internal sealed class Svg
{
    private readonly StringBuilder _text = new();

    public Svg(double width, double height, string cssClass, string label)
    {
        _text.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"").Append(cssClass)
            .Append("\" viewBox=\"0 0 ").Append(N(width)).Append(' ').Append(N(height))
            .Append("\" width=\"").Append(N(width)).Append("\" height=\"").Append(N(height))
            .Append("\" role=\"img\" aria-label=\"").Append(Escape(label)).Append("\" font-size=\"10\">");
    }

    /// <summary>A number as SVG writes it: invariant, at most two decimals.</summary>
    public static string N(double value) => Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);

    public static string Escape(string text) => WebUtility.HtmlEncode(text);

    public Svg Raw(string markup)
    {
        _text.Append(markup);
        return this;
    }

    public Svg Rect(double x, double y, double width, double height, string cssClass, string fill, string? stroke = null)
    {
        _text.Append("<rect class=\"").Append(cssClass).Append("\" x=\"").Append(N(x)).Append("\" y=\"").Append(N(y))
            .Append("\" width=\"").Append(N(Math.Max(0, width))).Append("\" height=\"").Append(N(Math.Max(0, height)))
            .Append("\" fill=\"").Append(fill).Append('"');
        if (stroke is not null)
        {
            _text.Append(" stroke=\"").Append(stroke).Append("\" stroke-width=\"0.75\"");
        }

        _text.Append("/>");
        return this;
    }

    public Svg Line(double x1, double y1, double x2, double y2, string cssClass, string stroke, double width = 0.75, string? dash = null)
    {
        _text.Append("<line class=\"").Append(cssClass).Append("\" x1=\"").Append(N(x1)).Append("\" y1=\"").Append(N(y1))
            .Append("\" x2=\"").Append(N(x2)).Append("\" y2=\"").Append(N(y2)).Append("\" stroke=\"").Append(stroke)
            .Append("\" stroke-width=\"").Append(N(width)).Append('"');
        if (dash is not null)
        {
            _text.Append(" stroke-dasharray=\"").Append(dash).Append('"');
        }

        _text.Append("/>");
        return this;
    }

    public Svg Path(string data, string cssClass, string fill, string stroke, double width)
    {
        _text.Append("<path class=\"").Append(cssClass).Append("\" d=\"").Append(data).Append("\" fill=\"").Append(fill)
            .Append("\" stroke=\"").Append(stroke).Append("\" stroke-width=\"").Append(N(width)).Append("\" stroke-linejoin=\"round\"/>");
        return this;
    }

    public Svg Circle(double cx, double cy, double r, string cssClass, string fill, string stroke)
    {
        _text.Append("<circle class=\"").Append(cssClass).Append("\" cx=\"").Append(N(cx)).Append("\" cy=\"").Append(N(cy))
            .Append("\" r=\"").Append(N(r)).Append("\" fill=\"").Append(fill).Append("\" stroke=\"").Append(stroke).Append("\" stroke-width=\"1.2\"/>");
        return this;
    }

    /// <summary>A label; <paramref name="box"/> is where it sits, as <see cref="TextMetrics"/> measured it.</summary>
    public Svg Text(LabelBox box, string text, string cssClass, bool halo = false)
    {
        _text.Append("<text class=\"").Append(cssClass).Append("\" x=\"").Append(N(box.X)).Append("\" y=\"").Append(N(box.Baseline))
            .Append("\" font-size=\"").Append(N(box.FontSize)).Append('"');
        if (box.Bold)
        {
            _text.Append(" font-weight=\"700\"");
        }

        if (halo)
        {
            // A white outline under the glyphs keeps a label legible where it crosses a line.
            _text.Append(" stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\" stroke-linejoin=\"round\"");
        }

        _text.Append(" fill=\"#1b1f24\">").Append(Escape(text)).Append("</text>");
        return this;
    }

    public override string ToString() => _text.ToString() + "</svg>";
}

/// <summary>The box a label occupies: left edge, top, width, height, and the baseline it is drawn on.</summary>
internal readonly record struct LabelBox(double X, double Top, double Width, double Height, double FontSize, bool Bold = false)
{
    public double Right => X + Width;

    public double Bottom => Top + Height;

    // The ascender of Noto Sans sits about 0.8 em above the baseline.
    public double Baseline => Top + FontSize * 0.8;

    public bool Overlaps(LabelBox other, double gap = 0) =>
        X < other.Right + gap && other.X < Right + gap && Top < other.Bottom + gap && other.Top < Bottom + gap;

    public bool Contains(double x, double y) => x >= X && x <= Right && y >= Top && y <= Bottom;

    /// <summary>A box for <paramref name="text"/> whose left edge is <paramref name="x"/>.</summary>
    public static LabelBox At(string text, double x, double top, double fontSize, bool bold = false) =>
        new(x, top, TextMetrics.Width(text, fontSize, bold), fontSize * 1.2, fontSize, bold);

    /// <summary>A box for <paramref name="text"/> centred on <paramref name="centre"/>.</summary>
    public static LabelBox Centred(string text, double centre, double top, double fontSize, bool bold = false)
    {
        var width = TextMetrics.Width(text, fontSize, bold);
        return new(centre - width / 2, top, width, fontSize * 1.2, fontSize, bold);
    }

    /// <summary>A box for <paramref name="text"/> whose right edge is <paramref name="right"/>.</summary>
    public static LabelBox EndingAt(string text, double right, double top, double fontSize, bool bold = false)
    {
        var width = TextMetrics.Width(text, fontSize, bold);
        return new(right - width, top, width, fontSize * 1.2, fontSize, bold);
    }

    public LabelBox MovedTo(double x) => this with { X = x };
}
