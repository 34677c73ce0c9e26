using HandlebarsDotNet;

namespace ReportForge.Reporting.Templates;

/// <summary>A template set compiled once with the brief helpers, in strict mode: an unknown name is an error, not an empty string.</summary>
/// <remarks>Renders run on a worker with a deadline and an output cap (<see cref="RenderLimits"/>); a failure names the file and line.</remarks>
public sealed partial class BriefTemplateEngine
{
    /// <summary>Folder of the FAQ bank inside a template set: one question per file, asked in file-name order when its condition holds.</summary>
    public const string FaqFolder = "faq";

    /// <summary>A brief asks at most this many questions.</summary>
    public const int MaxFaq = 7;

    /// <summary>A template set must have at least this many questions apply to every sample window.</summary>
    public const int MinFaq = 4;

    private readonly IHandlebars _handlebars;
    private readonly HandlebarsTemplate<TextWriter, object, object> _layout;
    private readonly IReadOnlyList<FaqEntry> _faq;

    private BriefTemplateEngine(TemplateSet set, RenderLimits limits, IHandlebars handlebars, HandlebarsTemplate<TextWriter, object, object> layout, IReadOnlyList<FaqEntry> faq)
    {
        Set = set;
        Limits = limits;
        _handlebars = handlebars;
        _layout = layout;
        _faq = faq;
    }

    /// <summary>The files this engine was compiled from.</summary>
    public TemplateSet Set { get; }

    /// <summary>The deadline and output cap of every render.</summary>
    public RenderLimits Limits { get; }

    /// <summary>Compiles the layout, every partial and every FAQ entry of <paramref name="set"/>.</summary>
    /// <exception cref="TemplateCompileException">A file breaks a rule or does not compile; names the file and line.</exception>
    public static BriefTemplateEngine Compile(TemplateSet set, RenderLimits? limits = null)
    {
        if (TemplateRules.Check(set) is [var broken, ..])
        {
            throw new TemplateCompileException(broken.File, broken.Message, broken.Line);
        }

        var faq = new List<FaqEntry>();
        var handlebars = CreateHandlebars(faq);
        foreach (var (path, content) in Files(set, TemplateSet.PartialsFolder))
        {
            CompileOrThrow(handlebars, path, content);
            handlebars.RegisterTemplate(TemplateRules.PartialName(path), content);
        }

        foreach (var (path, content) in Files(set, FaqFolder))
        {
            faq.Add(new FaqEntry(path, CompileOrThrow(handlebars, path, content)));
        }

        if (!set.Files.TryGetValue(TemplateSet.LayoutFile, out var layoutSource))
        {
            throw new TemplateCompileException(TemplateSet.LayoutFile, "the layout is missing from the template set");
        }

        CompileOrThrow(handlebars, TemplateSet.LayoutFile, layoutSource);
        using var reader = new StringReader(layoutSource);
        return new BriefTemplateEngine(set, limits ?? RenderLimits.Default, handlebars, handlebars.Compile(reader), faq);
    }

    /// <summary>The brief's HTML for a template model (see <see cref="BriefModel"/>).</summary>
    /// <exception cref="TemplateRenderException">A template referred to an unknown name, misused a helper, ran too long or wrote too much.</exception>
    public string Render(IDictionary<string, object?> model)
    {
        using var stop = new CancellationTokenSource();
        var writer = new BoundedTextWriter(Limits, stop.Token);
        if (Set.IsBuiltIn)
        {
            // The built-in set is tested with the build: it renders on the caller's thread, still capped and
            // stopped at its next write once past the deadline, without a thread hop per brief.
            try
            {
                _layout(writer, model);
            }
            catch (Exception e) when (e is not (OutOfMemoryException or StackOverflowException))
            {
                throw Explain(e, model);
            }
        }
        else
        {
            RenderIsolated(writer, stop, model);
        }

        var html = writer.ToString();
        if (html.Contains(BriefHelpers.AlternativeSeparator, StringComparison.Ordinal))
        {
            throw new TemplateRenderException(Locate("{{alt}}"), "{{alt}} separates alternatives only inside {{#pick}} … {{/pick}}");
        }

        return html;
    }

    // A user's template runs on a worker: the writer stops it at its next write, and the wait returns control
    // even from a template that loops without writing.
    private void RenderIsolated(BoundedTextWriter writer, CancellationTokenSource stop, IDictionary<string, object?> model)
    {
        var work = Task.Run(() => _layout(writer, model));
        try
        {
            if (!work.Wait(Limits.Timeout + TimeSpan.FromMilliseconds(250)))
            {
                stop.Cancel();
                _ = work.ContinueWith(t => t.Exception, TaskScheduler.Default);
                throw new TemplateRenderException(TemplateSet.LayoutFile, null,
                    $"rendering ran past {Limits.Timeout.TotalSeconds.ToString("0.###", BriefFormat.Culture)} s and was stopped; a template loops or does far too much work");
            }
        }
        catch (AggregateException e) when (e.InnerException is { } inner)
        {
            throw Explain(inner, model);
        }
    }

    /// <summary>The FAQ files whose condition holds for <paramref name="model"/>, in the order they would be asked (all of them, not capped).</summary>
    public IReadOnlyList<string> ApplicableFaq(IDictionary<string, object?> model) =>
        [.. _faq.Where(f => f.Template(model).Trim().Length > 0).Select(f => f.File)];

    private static IHandlebars CreateHandlebars(List<FaqEntry> faq)
    {
        // One isolated instance per set: helpers and partials never leak between sets.
        var handlebars = Handlebars.Create(new HandlebarsConfiguration
        {
            ThrowOnUnresolvedBindingExpression = true,
            FormatProvider = BriefFormat.Culture,
        });
        BriefHelpers.Register(handlebars);

        // {{#faqs max=7}} … {{#each items}}{{{html}}}{{/each}} … {{/faqs}}: the block sees the applicable entries, in order, capped.
        handlebars.RegisterHelper("faqs", (output, options, _, arguments) =>
        {
            var max = MaxFaq;
            if (arguments.Hash.TryGetValue("max", out var value) && value is not null)
            {
                max = Convert.ToInt32(value, BriefFormat.Culture);
                if (max is < 1 or > MaxFaq)
                {
                    throw new HandlebarsRuntimeException($"'faqs' max={max}: a brief asks 1 to {MaxFaq} questions.");
                }
            }

            var root = options.Data.Value<object>(HandlebarsDotNet.PathStructure.ChainSegment.Root);
            var items = new List<object?>();
            foreach (var entry in faq)
            {
                var html = entry.Template(root).Trim();
                if (html.Length > 0)
                {
                    items.Add(new Dictionary<string, object?>(StringComparer.Ordinal) { ["html"] = html, ["file"] = entry.File });
                    if (items.Count == max)
                    {
                        break;
                    }
                }
            }

            options.Template(output, new Dictionary<string, object?>(StringComparer.Ordinal) { ["items"] = items, ["count"] = (double)items.Count });
        });
        return handlebars;
    }

    private static IEnumerable<KeyValuePair<string, string>> Files(TemplateSet set, string folder) =>
        set.Files.Where(f => f.Key.StartsWith(folder + "/", StringComparison.Ordinal) && f.Key.EndsWith(".hbs", StringComparison.Ordinal))
            .OrderBy(f => f.Key, StringComparer.Ordinal);

    private static HandlebarsTemplate<object, object> CompileOrThrow(IHandlebars handlebars, string path, string content)
    {
        try
        {
            return handlebars.Compile(content);
        }
        catch (HandlebarsException e)
        {
            throw new TemplateCompileException(path, e.Message, TemplateErrorLocator.CompileErrorLine(handlebars, content, e.Message), e);
        }
    }

    private TemplateRenderException Explain(Exception error, IDictionary<string, object?> model)
    {
        if (Unwrap<TemplateLimitException>(error) is { } limit)
        {
            return new TemplateRenderException(TemplateSet.LayoutFile, null, limit.Message + " and was stopped", limit);
        }

        // Handlebars wraps an error inside a partial once per partial level; the innermost names the file, the root cause the problem.
        var cause = error;
        string? partial = null;
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (PartialError().Match(e.Message) is { Success: true } match)
            {
                partial = match.Groups[1].Value;
            }

            cause = e;
        }

        var partialFile = partial is null ? null : $"{TemplateSet.PartialsFolder}/{partial}.hbs";
        var (file, line) = partialFile is not null && Set.Files.TryGetValue(partialFile, out var content)
            ? (partialFile, TemplateErrorLocator.RuntimeErrorLine(content, cause, model))
            : Attribute(cause, model);
        var message = cause is HandlebarsDotNet.Compiler.HandlebarsUndefinedBindingException unbound
            ? $"'{unbound.Path}' is not in the facts of this window: a misspelt name, or a figure whose parent is missing (wrap its sentence in {{{{#if …}}}})"
            : cause.Message;
        return new TemplateRenderException(file, line, message, error);
    }

    // The failing file is the one that fails the same way when rendered alone; the layout when none does.
    private (string File, int? Line) Attribute(Exception error, IDictionary<string, object?> model)
    {
        foreach (var (path, content) in Files(Set, TemplateSet.PartialsFolder).Concat(Files(Set, FaqFolder)))
        {
            try
            {
                _handlebars.Compile(content)(model);
            }
            catch (Exception e) when (e.Message == error.Message)
            {
                return (path, TemplateErrorLocator.RuntimeErrorLine(content, error, model));
            }
            catch (Exception e) when (e is not (OutOfMemoryException or StackOverflowException))
            {
                // Fails differently alone (a partial meant for another context): not the one.
            }
        }

        return (TemplateSet.LayoutFile, TemplateErrorLocator.RuntimeErrorLine(Set.Files[TemplateSet.LayoutFile], error, model));
    }

    private (string File, int? Line) Locate(string text)
    {
        foreach (var (path, content) in Set.Files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            var at = content.IndexOf(text, StringComparison.Ordinal);
            if (at >= 0)
            {
                return (path, TemplateRules.LineOf(content, at));
            }
        }

        return (TemplateSet.LayoutFile, null);
    }

    private static T? Unwrap<T>(Exception? error) where T : Exception
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is T match)
            {
                return match;
            }
        }

        return null;
    }

    [System.Text.RegularExpressions.GeneratedRegex("rendering partial '([^']+)'")]
    private static partial System.Text.RegularExpressions.Regex PartialError();

    private sealed record FaqEntry(string File, HandlebarsTemplate<object, object> Template);
}

/// <summary>A template file does not compile or breaks a rule.</summary>
public sealed class TemplateCompileException(string file, string message, int? line = null, Exception? inner = null)
    : Exception($"{file}{(line is { } l ? ":" + l.ToString(BriefFormat.Culture) : "")}: {message}", inner)
{
    public TemplateCompileException(string file, string message, Exception? inner)
        : this(file, message, null, inner)
    {
    }

    public string File { get; } = file;

    public int? Line { get; } = line;

    /// <summary>The message without the file and line.</summary>
    public string Reason { get; } = message;
}

/// <summary>A template compiled but failed on the data, or was stopped for running too long or writing too much.</summary>
public sealed class TemplateRenderException(string file, int? line, string message, Exception? inner = null)
    : Exception($"{file}{(line is { } l ? ":" + l.ToString(BriefFormat.Culture) : "")}: {message}", inner)
{
    public TemplateRenderException((string File, int? Line) at, string message)
        : this(at.File, at.Line, message)
    {
    }

    public string File { get; } = file;

    public int? Line { get; } = line;

    /// <summary>The message without the file and line.</summary>
    public string Reason { get; } = message;
}
