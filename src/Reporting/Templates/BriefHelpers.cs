using System.Globalization;
using HandlebarsDotNet;

namespace ReportForge.Reporting.Templates;

/// <summary>The helpers a template may call: figures, dates, plurals, comparisons and logic.</summary>
/// <remarks>A figure helper given a missing value throws: a sentence with a hole must be wrapped in {{#if}}, never printed as "$0".</remarks>
internal static class BriefHelpers
{
    public static void Register(IHandlebars handlebars)
    {
        Figure(handlebars, "money", BriefFormat.Money);
        Figure(handlebars, "price", BriefFormat.Price);
        Figure(handlebars, "pct", BriefFormat.SignedPercent);
        Figure(handlebars, "percent", BriefFormat.Percent);
        Figure(handlebars, "share", BriefFormat.Share);
        Figure(handlebars, "count", BriefFormat.Count);
        Time(handlebars, "date", BriefFormat.Date);
        Time(handlebars, "time", t => t.ToString("HH:mm", BriefFormat.Culture));
        Time(handlebars, "datetime", t => t.ToString("d MMMM yyyy, HH:mm", BriefFormat.Culture) + (t.Offset == TimeSpan.Zero ? " UTC" : t.ToString(" 'UTC'zzz", BriefFormat.Culture)));
        Time(handlebars, "weekdayName", t => t.ToString("dddd", BriefFormat.Culture));

        Charts.ChartHelpers.Register(handlebars);
        Rendering.PageHelpers.Register(handlebars);

        handlebars.RegisterHelper("plural", (output, _, args) =>
        {
            Expect(args, 3, "plural", "{{plural count \"order was\" \"orders were\"}}");
            output.WriteSafeString(Number(args[0], "plural") == 1 ? Text(args[1]) : Text(args[2]));
        });

        Compare(handlebars, "gt", (a, b) => a > b);
        Compare(handlebars, "gte", (a, b) => a >= b);
        Compare(handlebars, "lt", (a, b) => a < b);
        Compare(handlebars, "lte", (a, b) => a <= b);
        handlebars.RegisterHelper("eq", (_, args) =>
        {
            Expect(args, 2, "eq", "(eq liquidations.dominant \"long\")");
            return IsNumber(args[0]) && IsNumber(args[1])
                ? Number(args[0], "eq") == Number(args[1], "eq")
                : string.Equals(Text(args[0]), Text(args[1]), StringComparison.Ordinal);
        });
        handlebars.RegisterHelper("and", (_, args) => args.Length > 0 && Enumerable.Range(0, args.Length).All(i => Truthy(args[i])));
        handlebars.RegisterHelper("or", (_, args) => Enumerable.Range(0, args.Length).Any(i => Truthy(args[i])));
        handlebars.RegisterHelper("not", (_, args) =>
        {
            Expect(args, 1, "not", "(not liquidations.tracked)");
            return !Truthy(args[0]);
        });
    }

    /// <summary>Handlebars truthiness: null, false, 0, "" and empty lists are false.</summary>
    public static bool Truthy(object? value) => value switch
    {
        null => false,
        bool b => b,
        string s => s.Length > 0,
        double d => d != 0,
        long l => l != 0,
        int i => i != 0,
        System.Collections.IEnumerable e => e.GetEnumerator().MoveNext(),
        _ => true,
    };

    private static void Figure(IHandlebars handlebars, string name, Func<double, string> format) =>
        handlebars.RegisterHelper(name, (output, _, args) =>
        {
            Expect(args, 1, name, $"{{{{{name} liquidations.total}}}}");
            output.WriteSafeString(System.Net.WebUtility.HtmlEncode(format(Number(args[0], name))));
        });

    private static void Time(IHandlebars handlebars, string name, Func<DateTimeOffset, string> format) =>
        handlebars.RegisterHelper(name, (output, _, args) =>
        {
            Expect(args, 1, name, $"{{{{{name} window.start}}}}");
            output.WriteSafeString(System.Net.WebUtility.HtmlEncode(format(ToTime(args[0], name))));
        });

    private static void Compare(IHandlebars handlebars, string name, Func<double, double, bool> compare) =>
        handlebars.RegisterHelper(name, (_, args) =>
        {
            Expect(args, 2, name, $"({name} liquidations.longShare 0.8)");
            // A missing figure compares false: the sentence that depends on it is dropped.
            return args[0] is not null && args[1] is not null && compare(Number(args[0], name), Number(args[1], name));
        });

    private static void Expect(Arguments args, int count, string helper, string example)
    {
        if (args.Length != count)
        {
            throw new HandlebarsRuntimeException($"'{helper}' takes {count} argument(s), got {args.Length}; write it like {example}.");
        }
    }

    private static bool IsNumber(object? value) => value is double or long or int or decimal or float;

    private static double Number(object? value, string helper) => value switch
    {
        null => throw new HandlebarsRuntimeException($"'{helper}' was given a missing figure; wrap the sentence in {{{{#if …}}}} so it is dropped when the figure is missing."),
        double d => d,
        long l => l,
        int i => i,
        decimal m => (double)m,
        float f => f,
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => throw new HandlebarsRuntimeException($"'{helper}' expects a number, got '{value}'."),
    };

    private static string Text(object? value) => value switch
    {
        null => "",
        string s => s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static DateTimeOffset ToTime(object? value, string helper) => value switch
    {
        DateTimeOffset t => t,
        string s when DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) => parsed,
        null => throw new HandlebarsRuntimeException($"'{helper}' was given a missing time; wrap the sentence in {{{{#if …}}}}."),
        _ => throw new HandlebarsRuntimeException($"'{helper}' expects an ISO-8601 time, got '{value}'."),
    };
}
