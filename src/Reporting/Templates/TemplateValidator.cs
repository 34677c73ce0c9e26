using HandlebarsDotNet;

namespace ReportForge.Reporting.Templates;

/// <summary>Checks a template set before it is used: rules, compilation of every file, and a render of every sample window with enough FAQ questions.</summary>
public static class TemplateValidator
{
    /// <summary>Every problem found, each with file, line where known, and the sample window it showed on; empty when the set is good.</summary>
    public static IReadOnlyList<TemplateProblem> Validate(TemplateSet set, IReadOnlyList<SampleWindow> windows, RenderLimits? limits = null)
    {
        var problems = new List<TemplateProblem>(TemplateRules.Check(set));
        problems.AddRange(CompileEachFile(set));
        if (problems.Count > 0)
        {
            return problems;
        }

        BriefTemplateEngine engine;
        try
        {
            engine = BriefTemplateEngine.Compile(set, limits);
        }
        catch (TemplateCompileException e)
        {
            return [new TemplateProblem(e.File, e.Line, e.Reason)];
        }

        foreach (var window in windows)
        {
            var model = BriefModel.FromJson(window.FactsJson, new BrandOptions());
            try
            {
                engine.Render(model);
            }
            catch (TemplateRenderException e)
            {
                problems.Add(new TemplateProblem(e.File, e.Line, e.Reason, window.Name));
            }

            int asked;
            try
            {
                asked = engine.ApplicableFaq(model).Count;
            }
            catch (Exception e) when (e is HandlebarsException or HandlebarsDotNet.Compiler.HandlebarsUndefinedBindingException)
            {
                continue; // The render above already reported the failing entry.
            }

            if (asked < BriefTemplateEngine.MinFaq)
            {
                problems.Add(new TemplateProblem(BriefTemplateEngine.FaqFolder + "/", null,
                    $"only {asked} FAQ question(s) apply, a brief needs {BriefTemplateEngine.MinFaq} to {BriefTemplateEngine.MaxFaq}; add entries to faq/ or loosen their conditions", window.Name));
            }
        }

        return problems;
    }

    // Each file on its own, so every compile error is reported, not only the first.
    private static IEnumerable<TemplateProblem> CompileEachFile(TemplateSet set)
    {
        var handlebars = Handlebars.Create(new HandlebarsConfiguration { ThrowOnUnresolvedBindingExpression = true, FormatProvider = BriefFormat.Culture });
        BriefHelpers.Register(handlebars);
        foreach (var (file, content) in set.Files.Where(f => f.Key.EndsWith(".hbs", StringComparison.Ordinal)).OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            TemplateProblem? problem = null;
            try
            {
                handlebars.Compile(content);
            }
            catch (HandlebarsException e)
            {
                problem = new TemplateProblem(file, TemplateErrorLocator.CompileErrorLine(handlebars, content, e.Message), e.Message);
            }

            if (problem is not null)
            {
                yield return problem;
            }
        }
    }
}
