using System.Globalization;
using HandlebarsDotNet;
using HandlebarsDotNet.PathStructure;

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
        Figure(handlebars, "rate", BriefFormat.Rate);
        Figure(handlebars, "number", BriefFormat.Number);
        Figure(handlebars, "ordinal", BriefFormat.Ordinal);
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

        handlebars.RegisterHelper("abs", (_, args) =>
        {
            Expect(args, 1, "abs", "(abs btc.changePct)");
            return args[0] is null ? null : Math.Abs(Number(args[0], "abs"));
        });

        handlebars.RegisterHelper("div", (_, args) =>
        {
            Expect(args, 2, "div", "(div liquidations.total liquidations.traders)");
            return args[0] is null || args[1] is null || Number(args[1], "div") == 0 ? null : Number(args[0], "div") / Number(args[1], "div");
        });

        handlebars.RegisterHelper("take", (_, args) =>
        {
            Expect(args, 2, "take", "(take causes 3)");
            return args[0] is System.Collections.IEnumerable list and not string
                ? list.Cast<object?>().Take((int)Number(args[1], "take")).ToList()
                : throw new HandlebarsRuntimeException("'take' expects a list first, like (take causes 3).");
        });

        // {{#pick "key"}}first{{alt}}second{{alt}}third{{/pick}}: one alternative, chosen by the window's seed.
        handlebars.RegisterHelper("alt", (output, _, _) => output.WriteSafeString(AlternativeSeparator));
        handlebars.RegisterHelper("pick", (output, options, _, args) =>
        {
            var key = args.Length > 0 ? Text(args[0]) : "";
            var alternatives = options.Template().Split(AlternativeSeparator);
            output.WriteSafeString(TrimLayout(alternatives[Choose(Seed(options.Data), key, alternatives.Length)]));
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

    /// <summary>Marks the boundary between alternatives inside {{#pick}}; never appears in a finished brief.</summary>
    public const string AlternativeSeparator = "\u001F";

    /// <summary>The alternative a window reads: the same seed always gives the same one, consecutive seeds different ones.</summary>
    public static int Choose(long seed, string key, int count)
    {
        // FNV-1a, not string.GetHashCode: the choice must not change between processes.
        var hash = 2166136261u;
        foreach (var c in key)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)((ulong)(seed + hash) % (ulong)count);
    }

    private static long Seed(HandlebarsDotNet.ValueProviders.DataValues data)
    {
        var root = data.Value<object>(ChainSegment.Root);
        return root is IDictionary<string, object?> model && model.TryGetValue("window", out var window)
                                                          && window is IDictionary<string, object?> w && w.TryGetValue("seed", out var seed) && seed is not null
            ? (long)Number(seed, "pick")
            : throw new HandlebarsRuntimeException("'pick' needs window.seed in the model to choose an alternative.");
    }

    // Alternatives laid out on their own lines lose that layout whitespace; a space written inline is kept.
    private static string TrimLayout(string text)
    {
        var start = text.Length - text.TrimStart().Length;
        if (start > 0 && text.AsSpan(0, start).Contains('\n'))
        {
            text = text[start..];
        }

        var end = text.Length - text.TrimEnd().Length;
        if (end > 0 && text.AsSpan(text.Length - end).Contains('\n'))
        {
            text = text[..^end];
        }

        return text;
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
