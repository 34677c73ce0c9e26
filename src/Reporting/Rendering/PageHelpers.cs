using System.Text;
using HandlebarsDotNet;

namespace ReportForge.Reporting.Rendering;

/// <summary>The `cssText` helper: text as a CSS string literal, for the running footer the page's margin boxes print.</summary>
/// <remarks>HTML escaping does not apply inside &lt;style&gt;, so text there is escaped the CSS way instead.</remarks>
internal static class PageHelpers
{
    /// <example>content: {{#cssText}}{{brand.name}} · {{date window.start}}{{/cssText}};</example>
    public static void Register(IHandlebars handlebars) =>
        handlebars.RegisterHelper("cssText", (output, options, context, _) =>
        {
            // The block renders as HTML (escaped); its text is decoded and written as one CSS string.
            string html = options.Template();
            output.WriteSafeString(CssString(System.Net.WebUtility.HtmlDecode(html).Trim()));
        });

    /// <summary>"text" with quotes, backslashes, line breaks and angle brackets escaped as CSS hex escapes.</summary>
    public static string CssString(string text)
    {
        var css = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            if (c is '"' or '\\' or '<' or '>' or '&' || char.IsControl(c))
            {
                // "\A " is a line break in generated content; the trailing space ends the escape.
                css.Append('\\').Append(((int)(c == '\r' ? '\n' : c)).ToString("X", System.Globalization.CultureInfo.InvariantCulture)).Append(' ');
            }
            else
            {
                css.Append(c);
            }
        }

        return css.Append('"').ToString();
    }
}
