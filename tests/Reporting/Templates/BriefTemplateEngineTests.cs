using ReportForge.Reporting.Templates;
using ReportForge.Reporting.Tests.Fixtures;

namespace ReportForge.Reporting.Tests.Templates;

public sealed class BriefTemplateEngineTests
{
    private static readonly string[] Alternatives = ["alpha", "beta", "gamma"];

    private static readonly SampleWindow Crash = SampleWindow.BuiltIn().Single(w => w.Name == "2025-10-10");

    [Theory]
    [InlineData("{{money 2028000000}}", "$2.03 billion")]
    [InlineData("{{money 881000000}}", "$881 million")]
    [InlineData("{{money 25600000}}", "$25.6 million")]
    [InlineData("{{price 92000}}", "$92,000")]
    [InlineData("{{pct -8}}", "−8.0\u00A0%")]
    [InlineData("{{pct 2.44}}", "+2.4\u00A0%")]
    [InlineData("{{ordinal 3}}", "third")]
    [InlineData("{{ordinal 22}}", "22nd")]
    [InlineData("{{count 700600}}", "700,600")]
    [InlineData("{{plural 1 \"trader\" \"traders\"}} {{plural 2 \"trader\" \"traders\"}}", "trader traders")]
    [InlineData("{{#if (and (gt 2 1) (lt 1 2) (eq \"a\" \"a\") (not false) (or false 1))}}yes{{/if}}", "yes")]
    [InlineData("{{date \"2025-02-03T00:00:00-05:00\"}}", "3 February 2025")]
    [InlineData("{{datetime \"2025-02-03T19:30:00-05:00\"}}", "3 February 2025, 19:30 UTC-05:00")]
    public void Helpers_write_figures_as_the_briefs_do(string template, string expected)
    {
        Assert.Equal(expected, Render(template, new Dictionary<string, object?>()));
    }

    [Fact]
    public void Pick_is_the_same_for_the_same_seed_and_differs_on_the_next()
    {
        const string template = "{{#pick \"open\"}}alpha{{alt}}beta{{alt}}gamma{{/pick}}";

        var day = Render(template, Seeded(739_650));
        Assert.Equal(day, Render(template, Seeded(739_650)));
        Assert.NotEqual(day, Render(template, Seeded(739_651)));
        Assert.Contains(day, Alternatives);
    }

    [Fact]
    public void Render_names_file_and_line_when_a_name_is_misspelt()
    {
        var set = With(("partials/summary.hbs", "<section>\n<p>\n{{money liquidations.totl}}</p>\n</section>"));

        var error = Assert.Throws<TemplateRenderException>(() => BriefTemplateEngine.Compile(set).Render(BriefModel.FromJson(Crash.FactsJson, new BrandOptions())));

        Assert.Equal("partials/summary.hbs", error.File);
        Assert.Equal(3, error.Line);
        Assert.Contains("totl", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_names_file_and_line_when_a_block_is_not_closed_right()
    {
        var set = With(("partials/prices.hbs", "<section>\n{{#if prices}}\n<p>x</p>\n{{/each}}\n</section>"));

        var error = Assert.Throws<TemplateCompileException>(() => BriefTemplateEngine.Compile(set));

        Assert.Equal("partials/prices.hbs", error.File);
        Assert.Equal(4, error.Line);
    }

    [Theory]
    [InlineData("<img src=\"https://tracker.example/p.png\">", "remote src")]
    [InlineData("<div style=\"background: url(http://x.example/a.png)\"></div>", "remote url")]
    [InlineData("<script>fetch('/')</script>", "<script>")]
    [InlineData("<link rel=\"stylesheet\" href=\"a.css\">", "<link>")]
    [InlineData("<img src=\"//cdn.example.org/x.png\">", "remote src=")]
    public void Compile_refuses_templates_that_reach_out(string content, string expected)
    {
        var set = With(("partials/disclaimer.hbs", "<p>ok</p>\n" + content));

        var error = Assert.Throws<TemplateCompileException>(() => BriefTemplateEngine.Compile(set));

        Assert.Equal("partials/disclaimer.hbs", error.File);
        Assert.Equal(2, error.Line);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_refuses_partials_that_call_each_other_in_a_cycle()
    {
        var set = With(("partials/summary.hbs", "<p>{{> ping}}</p>"), ("partials/ping.hbs", "{{> pong}}"), ("partials/pong.hbs", "x\n{{> ping}}"));

        var error = Assert.Throws<TemplateCompileException>(() => BriefTemplateEngine.Compile(set));

        Assert.Contains("cycle", error.Message, StringComparison.Ordinal);
        Assert.Contains("ping", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_stops_a_brief_that_writes_too_much()
    {
        var set = With(("partials/summary.hbs", "{{#each prices}}{{#each @root.prices}}{{#each @root.liquidations.byAsset}}" + new string('x', 5000) + "{{/each}}{{/each}}{{/each}}"));

        var error = Assert.Throws<TemplateRenderException>(() =>
            BriefTemplateEngine.Compile(set, new RenderLimits(TimeSpan.FromSeconds(5), 200_000)).Render(BriefModel.FromJson(Crash.FactsJson, new BrandOptions())));

        Assert.Contains("200,000 characters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_stops_a_brief_that_runs_too_long()
    {
        var nested = "{{#each prices}}{{#each @root.prices}}{{#each @root.prices}}{{#each @root.prices}}{{#each @root.prices}}{{#each @root.prices}}{{#each @root.prices}}{{#each @root.prices}}{{pct changePct}}{{/each}}{{/each}}{{/each}}{{/each}}{{/each}}{{/each}}{{/each}}{{/each}}";
        var set = With(("partials/summary.hbs", nested));

        var error = Assert.Throws<TemplateRenderException>(() =>
            BriefTemplateEngine.Compile(set, new RenderLimits(TimeSpan.FromMilliseconds(50), int.MaxValue)).Render(BriefModel.FromJson(Crash.FactsJson, new BrandOptions())));

        Assert.Contains("ran past 0.05 s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Faq_asks_at_most_seven_questions_in_file_order()
    {
        var extra = Enumerable.Range(1, 9).Select(i => ($"faq/0{i}-extra.hbs", $"<h3>Extra {i}?</h3><p>Yes.</p>")).ToArray();
        var engine = BriefTemplateEngine.Compile(With(extra));
        var model = BriefModel.FromJson(Crash.FactsJson, new BrandOptions());

        var text = BriefText.Of(engine.Render(model));

        Assert.Equal(7, System.Text.RegularExpressions.Regex.Count(text, "Extra \\d\\?"));
        Assert.Contains("Extra 7?", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Extra 8?", text, StringComparison.Ordinal);
        Assert.DoesNotContain("How much was liquidated", text, StringComparison.Ordinal);
        Assert.True(engine.ApplicableFaq(model).Count > 7);
    }

    [Fact]
    public void Builtin_faq_asks_four_to_seven_questions_for_every_sample_window()
    {
        foreach (var window in SampleWindow.BuiltIn())
        {
            var text = BriefText.Of(MarketDatabase.Templates.Render(BriefModel.FromJson(window.FactsJson, new BrandOptions())));
            var faq = text[text.IndexOf("Frequently asked questions", StringComparison.Ordinal)..];
            Assert.InRange(faq.Count(c => c == '?'), BriefTemplateEngine.MinFaq, BriefTemplateEngine.MaxFaq);
        }
    }

    [Fact]
    public void Validate_passes_the_built_in_templates()
    {
        Assert.Empty(TemplateValidator.Validate(TemplateSet.BuiltIn(), SampleWindow.BuiltIn()));
    }

    [Fact]
    public void Validate_reports_every_problem_with_file_line_and_window()
    {
        var set = With(
            ("partials/outlook.hbs", "<section>\n{{#if outlook}}\n{{price outlook.watchLevl}}\n{{/if}}\n</section>"),
            ("partials/disclaimer.hbs", "<p>x</p>\n<script></script>"),
            ("faq/10-how-much.hbs", ""), ("faq/75-which-coins.hbs", ""), ("faq/50-history.hbs", ""), ("faq/77-which-exchanges.hbs", ""));

        var problems = TemplateValidator.Validate(set, SampleWindow.BuiltIn());

        Assert.Contains(problems, p => p is { File: "partials/disclaimer.hbs", Line: 2 });
        var fixedRules = With(
            ("partials/outlook.hbs", "<section>\n{{#if outlook}}\n{{price outlook.watchLevl}}\n{{/if}}\n</section>"),
            ("faq/10-how-much.hbs", ""), ("faq/75-which-coins.hbs", ""), ("faq/50-history.hbs", ""), ("faq/77-which-exchanges.hbs", ""));
        problems = TemplateValidator.Validate(fixedRules, SampleWindow.BuiltIn());
        Assert.Contains(problems, p => p is { File: "partials/outlook.hbs", Line: 3, Window: "2025-01-27" });
        Assert.Contains(problems, p => p.File == "faq/" && p.Window == "2025-09-24" && p.Message.Contains("FAQ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_user_folder_overrides_a_file_by_name_and_adds_partials_and_questions()
    {
        using var folder = new TempFolder();
        Directory.CreateDirectory(folder.File("partials"));
        Directory.CreateDirectory(folder.File("faq"));
        await File.WriteAllTextAsync(folder.File("partials/disclaimer.hbs"), "<section class=\"disclaimer\"><p>{{> house-note}}</p></section>");
        await File.WriteAllTextAsync(folder.File("partials/house-note.hbs"), "Desk note for {{date window.start}}.");
        await File.WriteAllTextAsync(folder.File("faq/05-desk.hbs"), "{{#if (gt liquidations.total 1000000000)}}<h3>Is this a desk alert?</h3><p>Yes.</p>{{/if}}");

        var set = await TemplateSet.WithOverridesAsync(folder.Path, CancellationToken.None);
        var text = BriefText.Of(BriefTemplateEngine.Compile(set).Render(BriefModel.FromJson(Crash.FactsJson, new BrandOptions())));

        Assert.Contains("Desk note for 10 October 2025.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("generated automatically", text, StringComparison.Ordinal);
        Assert.Contains("Frequently asked questions Is this a desk alert? Yes.", text, StringComparison.Ordinal);
        Assert.Empty(TemplateValidator.Validate(set, SampleWindow.BuiltIn()));
    }

    private static Dictionary<string, object?> Seeded(long seed) => new() { ["window"] = new Dictionary<string, object?> { ["seed"] = (double)seed } };

    private static string Render(string template, Dictionary<string, object?> model)
    {
        var set = With(("partials/summary.hbs", "[[" + template + "]]"));
        var facts = BriefModel.FromJson(Crash.FactsJson, new BrandOptions());
        if (model.TryGetValue("window", out var window) && window is Dictionary<string, object?> seeded)
        {
            ((Dictionary<string, object?>)facts["window"]!)["seed"] = seeded["seed"];
        }

        var html = System.Net.WebUtility.HtmlDecode(BriefTemplateEngine.Compile(set).Render(facts));
        var start = html.IndexOf("[[", StringComparison.Ordinal) + 2;
        return html[start..html.IndexOf("]]", start, StringComparison.Ordinal)];
    }

    private static TemplateSet With(params (string File, string Content)[] files)
    {
        var folder = Path.Combine(Path.GetTempPath(), "rf-tpl-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            foreach (var (file, content) in files)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(folder, file))!);
                File.WriteAllText(Path.Combine(folder, file), content);
            }

            return TemplateSet.WithOverridesAsync(folder, CancellationToken.None).GetAwaiter().GetResult();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
