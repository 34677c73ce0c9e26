using HandlebarsDotNet;

namespace ReportForge.Reporting.Templates;

/// <summary>A template set compiled once with the brief helpers, in strict mode: an unknown name is an error, not an empty string.</summary>
public sealed class BriefTemplateEngine
{
    private readonly HandlebarsTemplate<object, object> _layout;

    private BriefTemplateEngine(TemplateSet set, HandlebarsTemplate<object, object> layout)
    {
        Set = set;
        _layout = layout;
    }

    /// <summary>The files this engine was compiled from.</summary>
    public TemplateSet Set { get; }

    /// <summary>Compiles the layout and every partial of <paramref name="set"/>.</summary>
    /// <exception cref="TemplateCompileException">A file does not compile; names the file.</exception>
    public static BriefTemplateEngine Compile(TemplateSet set)
    {
        // One isolated instance per set: helpers and partials never leak between sets.
        var handlebars = Handlebars.Create(new HandlebarsConfiguration
        {
            ThrowOnUnresolvedBindingExpression = true,
            FormatProvider = BriefFormat.Culture,
        });
        BriefHelpers.Register(handlebars);

        foreach (var (path, content) in set.Files.Where(f => f.Key.StartsWith(TemplateSet.PartialsFolder + "/", StringComparison.Ordinal)))
        {
            var name = Path.GetFileNameWithoutExtension(path);
            try
            {
                handlebars.RegisterTemplate(name, content);
            }
            catch (HandlebarsException e)
            {
                throw new TemplateCompileException(path, e.Message, e);
            }
        }

        if (!set.Files.TryGetValue(TemplateSet.LayoutFile, out var layoutSource))
        {
            throw new TemplateCompileException(TemplateSet.LayoutFile, "the layout is missing from the template set");
        }

        try
        {
            return new BriefTemplateEngine(set, handlebars.Compile(layoutSource));
        }
        catch (HandlebarsException e)
        {
            throw new TemplateCompileException(TemplateSet.LayoutFile, e.Message, e);
        }
    }

    /// <summary>The brief's HTML for a template model (see <see cref="BriefModel"/>).</summary>
    /// <exception cref="TemplateRenderException">A template referred to an unknown name or misused a helper.</exception>
    public string Render(IDictionary<string, object?> model)
    {
        try
        {
            return _layout(model);
        }
        catch (HandlebarsException e)
        {
            throw new TemplateRenderException($"Template set '{Set.Name}' failed to render: {e.Message}", e);
        }
    }
}

/// <summary>A template file does not compile.</summary>
public sealed class TemplateCompileException(string file, string message, Exception? inner = null)
    : Exception($"{file}: {message}", inner)
{
    public string File { get; } = file;
}

/// <summary>A template compiled but failed on the data.</summary>
public sealed class TemplateRenderException(string message, Exception inner) : Exception(message, inner);
