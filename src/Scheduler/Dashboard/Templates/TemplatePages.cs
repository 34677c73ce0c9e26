using System.Globalization;
using ReportForge.Reporting.Analysis;
using ReportForge.Reporting.Templates;
using ReportForge.Scheduler.Briefs;
using ReportForge.Scheduler.Dashboard.Briefs;
using ReportForge.Scheduler.Dashboard.Data;
using ReportForge.Scheduler.Templates;

namespace ReportForge.Scheduler.Dashboard.Templates;

/// <summary>Templates: the sets and the version of each in use, each file's source, an editor that shows compile errors at their line, a preview for any stored day, versions and roll-back.</summary>
internal static class TemplatePages
{
    public static void Map(RouteGroupBuilder pages)
    {
        pages.MapGet("/templates", ListAsync);
        pages.MapGet("/templates/{set}/files/{**path}", EditAsync);
        pages.MapPost("/templates/{set}/files/{**path}", SubmitAsync);
        pages.MapGet("/templates/{set}/versions", VersionsAsync);
        pages.MapGet("/templates/{set}/versions/{version}", VersionAsync);
        pages.MapPost("/templates/{set}/versions/{version}/activate", ActivateAsync);
    }

    private static async Task<IResult> ListAsync(HttpContext http, TemplateCatalog templates, CancellationToken cancellationToken)
    {
        var sections = new List<Html>();
        foreach (var name in templates.Names)
        {
            var engine = await templates.InUseAsync(name, cancellationToken);
            var active = await templates.Versions.ActiveAsync(name, cancellationToken);
            var files = engine.Set.Files.Keys.Order(StringComparer.Ordinal).Select(path => Html.Of($"""
                <li><a href="{FileUrl(name, path)}" class="mono">{path}</a> <span class="hint">{Lines(engine.Set.Files[path])} lines</span></li>
                """));
            sections.Add(Html.Of($"""
                <section class="card" data-set="{name}">
                  <h2>Set {name}</h2>
                  <p>Version in use <span class="mono" data-active-version>{engine.Set.Version}</span>{(active is null ? Html.Empty : Html.Of($", saved {Layout.Time(active.CreatedAt)}: {active.Note}"))} · <a href="/templates/{Uri.EscapeDataString(name)}/versions">All versions and roll-back</a></p>
                  <ul class="files">{Html.Join(files)}</ul>
                </section>
                """));
        }

        return Layout.Page(http, "Templates", "/templates", Html.Of($"""
            <p class="lead">Each file of a set can be edited here. A change is checked and previewed before it is saved; saving keeps every earlier version, and any of them can be put back in use.</p>
            {Html.Join(sections)}
            """));
    }

    private static async Task<IResult> EditAsync(
        HttpContext http, string set, string path, TemplateCatalog templates, DataCoverage coverage, CancellationToken cancellationToken)
    {
        set = SetName(set);
        if (!templates.Contains(set) || !templates.Get(set).Set.Files.TryGetValue(path, out var content))
        {
            return NotFound(http, set, path);
        }

        var date = await coverage.LatestStoredDayAsync(cancellationToken);
        return EditorPage(http, set, path, new EditForm(content, "", date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "", "UTC"), [], null, null);
    }

    private static async Task<IResult> SubmitAsync(
        HttpContext http, string set, string path, TemplateCatalog templates, BriefAnalyzer analyzer, BrandOptions brand, CancellationToken cancellationToken)
    {
        set = SetName(set);
        if (!templates.Contains(set) || !templates.Get(set).Set.Files.ContainsKey(path))
        {
            return NotFound(http, set, path);
        }

        var values = await http.Request.ReadFormAsync(cancellationToken);
        // Browsers send textarea line ends as CRLF; the stored files use LF.
        var form = new EditForm(values["content"].ToString().Replace("\r\n", "\n", StringComparison.Ordinal), values["note"].ToString().Trim(),
            values["date"].ToString().Trim(), string.IsNullOrWhiteSpace(values["timeZone"]) ? "UTC" : values["timeZone"].ToString().Trim());
        var files = new Dictionary<string, string>(templates.Get(set).Set.Files.ToDictionary(), StringComparer.Ordinal) { [path] = form.Content };
        var (engine, issues) = TemplateCheck.Compile(set, files);
        if (engine is null)
        {
            return EditorPage(http, set, path, form, issues, null, null, StatusCodes.Status422UnprocessableEntity);
        }

        if (values["action"] == "save")
        {
            if (engine.Set.Version == templates.Get(set).Set.Version)
            {
                return EditorPage(http, set, path, form, [new TemplateIssue(path, null, "Nothing changed: this is the version in use already.")], null, null, StatusCodes.Status422UnprocessableEntity);
            }

            // A saved version goes into use at once: it must pass what `templates validate` checks, not just compile.
            var problems = TemplateValidator.Validate(engine.Set, SampleWindow.BuiltIn());
            if (problems.Count > 0)
            {
                var found = problems.Select(p => new TemplateIssue(p.File, p.Line, p.Window is null ? p.Message : $"{p.Message} (sample window {p.Window})")).ToList();
                return EditorPage(http, set, path, form, found, null, null, StatusCodes.Status422UnprocessableEntity);
            }

            await templates.SaveAsync(engine, form.Note.Length == 0 ? $"edited {path}" : form.Note, cancellationToken);
            return Results.Redirect($"/templates/{Uri.EscapeDataString(set)}/versions?saved={engine.Set.Version}");
        }

        // Preview: the real analysis of the chosen stored day, rendered with the edited files; nothing is stored.
        if (!DateOnly.TryParseExact(form.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return EditorPage(http, set, path, form, [new TemplateIssue(path, null, "The template compiles. Pick the day to preview (like 2025-02-03) to see the brief.")], null, null);
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(form.TimeZone, out var zone))
        {
            return EditorPage(http, set, path, form, [new TemplateIssue(path, null, $"The template compiles, but '{form.TimeZone}' is not a known IANA time zone: use e.g. UTC or Europe/London.")], null, null);
        }

        try
        {
            var facts = await analyzer.AnalyseAsync(BriefWindow.ForDate(day, zone), cancellationToken);
            var html = engine.Render(BriefModel.From(facts, brand));
            return EditorPage(http, set, path, form, [], html, engine.Set.Version);
        }
        catch (MissingDataException e)
        {
            return EditorPage(http, set, path, form, [new TemplateIssue(path, null, $"The template compiles, but there is nothing to preview: {e.Message}")], null, null);
        }
        catch (TemplateRenderException e)
        {
            return EditorPage(http, set, path, form, [TemplateCheck.Of(e)], null, null, StatusCodes.Status422UnprocessableEntity);
        }
    }

    private static IResult EditorPage(
        HttpContext http, string set, string path, EditForm form, IReadOnlyList<TemplateIssue> issues, string? previewHtml, string? previewVersion, int status = StatusCodes.Status200OK)
    {
        var here = issues.Where(i => i.File == path).ToList();
        var elsewhere = issues.Where(i => i.File != path).ToList();
        var lines = form.Content.Split('\n');
        var listing = Html.Join(lines.Select((line, index) =>
        {
            var number = index + 1;
            var problems = here.Where(i => i.Line == number).ToList();
            return Html.Of($"""
                <li id="L{number}" data-line="{number}"{Html.When(problems.Count > 0, Html.Trusted(" class=\"error\""))}><code>{line}</code>{Html.Join(problems.Select(p => Html.Of($"<div class=\"line-error\" role=\"alert\">line {number}: {p.Message}</div>")))}</li>
                """);
        }));
        var unplaced = here.Where(i => i.Line is null || i.Line > lines.Length).Concat(elsewhere).ToList();
        var body = Html.Of($"""
            <p><a href="/templates">All templates</a> · set <strong>{set}</strong> · <a href="/templates/{Uri.EscapeDataString(set)}/versions">versions</a></p>
            {Html.When(unplaced.Count > 0, Html.Of($"""<div class="errors" role="alert"><ul>{Html.Join(unplaced.Select(i => Html.Of($"<li>{i.File}{(i.Line is { } l ? $":{l}" : "")}: {i.Message}</li>")))}</ul></div>"""))}
            {Html.When(here.Any(i => i.Line is not null), Html.Trusted("<p class=\"errors-summary\">The file does not compile; the error is marked at its line below.</p>"))}
            <div class="editor">
              {Layout.Form(http, FileUrl(set, path), Html.Of($"""
                  <label>Source <textarea name="content" rows="24" spellcheck="false" class="mono">{form.Content}</textarea></label>
                  <div class="row">
                    <label>Preview the day <input type="date" name="date" value="{form.Date}"></label>
                    <label>in <input name="timeZone" list="zones" value="{form.TimeZone}"></label>
                    <datalist id="zones">{Layout.Options(BriefPages.CommonZones, null)}</datalist>
                    <button type="submit" name="action" value="preview">Check and preview</button>
                  </div>
                  <div class="row">
                    <label>Note for this version <input name="note" value="{form.Note}" maxlength="200" placeholder="what changed and why"></label>
                    <button type="submit" name="action" value="save">Save as a new version</button>
                  </div>
                  """), "stack")}
              <ol class="source" aria-label="Source with line numbers">{listing}</ol>
            </div>
            {(previewHtml is null ? Html.Empty : Html.Of($"""
                <h2>Preview <span class="hint">(version {previewVersion}, not saved)</span></h2>
                <iframe class="preview" title="Preview of the edited brief" sandbox srcdoc="{previewHtml}"></iframe>
                """))}
            """);
        return Layout.Page(http, $"Edit {path}", "/templates", body, status);
    }

    private static async Task<IResult> VersionsAsync(HttpContext http, string set, string? saved, TemplateCatalog templates, CancellationToken cancellationToken)
    {
        set = SetName(set);
        if (!templates.Contains(set))
        {
            return NotFound(http, set, null);
        }

        var versions = await templates.Versions.ListAsync(set, cancellationToken);
        var inUse = (await templates.InUseAsync(set, cancellationToken)).Set.Version;
        var rows = versions.Select(v => Html.Of($"""
            <tr data-version="{v.Version}"{Html.When(v.Version == inUse, Html.Trusted(" class=\"current\""))}>
              <td><a class="mono" href="/templates/{Uri.EscapeDataString(set)}/versions/{v.Version}">{v.Version}</a></td>
              <td>{Layout.Time(v.CreatedAt)}</td>
              <td>{v.Note}</td>
              <td>{(v.Version == inUse ? Layout.Badge("active") : Layout.Form(http, $"/templates/{Uri.EscapeDataString(set)}/versions/{v.Version}/activate", Html.Trusted("<button type=\"submit\">Roll back to this version</button>"), "inline"))}</td>
            </tr>
            """));
        return Layout.Page(http, $"Versions of {set}", "/templates", Html.Of($"""
            {Html.When(saved is not null, Html.Of($"<p class=\"notice\" role=\"status\">Saved version {saved}; it is in use for new briefs.</p>"))}
            <p><a href="/templates">All templates</a></p>
            <table class="versions"><thead><tr><th>Version</th><th>Saved</th><th>Note</th><th></th></tr></thead><tbody>{Html.Join(rows)}</tbody></table>
            <p class="hint">Briefs in the archive name the version they were written with, so each can be rendered again exactly.</p>
            """));
    }

    private static async Task<IResult> VersionAsync(HttpContext http, string set, string version, TemplateVersionStore store, CancellationToken cancellationToken)
    {
        set = SetName(set);
        if ((await store.FindAsync(set, version, cancellationToken) ?? await store.FindAsync(version, cancellationToken)) is not { } stored)
        {
            return Layout.Page(http, "No such version", "/templates", Html.Of($"<p>No template version '{version}' is stored. <a href=\"/templates\">See the templates</a>.</p>"), StatusCodes.Status404NotFound);
        }

        var files = stored.Files.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => Html.Of($"""
            <details><summary class="mono">{f.Key}</summary><pre class="mono">{f.Value}</pre></details>
            """));
        return Layout.Page(http, $"Version {version}", "/templates", Html.Of($"""
            <p>Set {stored.TemplateSet} · saved {Layout.Time(stored.CreatedAt)} · {stored.Note} {(stored.IsActive ? Layout.Badge("active") : Html.Empty)}</p>
            <p><a href="/templates/{Uri.EscapeDataString(stored.TemplateSet)}/versions">All versions of {stored.TemplateSet}</a></p>
            {Html.Join(files)}
            """));
    }

    private static async Task<IResult> ActivateAsync(HttpContext http, string set, string version, TemplateCatalog templates, CancellationToken cancellationToken)
    {
        set = SetName(set);
        try
        {
            if (!await templates.ActivateAsync(set, version, cancellationToken))
            {
                return NotFound(http, set, null);
            }
        }
        catch (TemplateCompileException e)
        {
            return Layout.Page(http, "This version cannot be used", "/templates",
                Html.Of($"<div class=\"errors\" role=\"alert\"><p>Version {version} no longer compiles ({e.Message}); the version in use stays. Edit a file to fix it instead.</p></div>"),
                StatusCodes.Status409Conflict);
        }

        return Results.Redirect($"/templates/{Uri.EscapeDataString(set)}/versions");
    }

    // Routing decodes every escape in a path segment but %2F; a set name may hold a slash.
    private static string SetName(string routeValue) => routeValue.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);

    private static string FileUrl(string set, string path) =>
        $"/templates/{Uri.EscapeDataString(set)}/files/{string.Join('/', path.Split('/').Select(Uri.EscapeDataString))}";

    private static int Lines(string content) => content.Count(c => c == '\n') + (content.EndsWith('\n') ? 0 : 1);

    private static IResult NotFound(HttpContext http, string set, string? path) =>
        Layout.Page(http, "Not found", "/templates",
            Html.Of($"<p>There is no template set '{set}'{(path is null ? "" : $" with a file '{path}'")}. <a href=\"/templates\">See the templates</a>.</p>"), StatusCodes.Status404NotFound);

    private sealed record EditForm(string Content, string Note, string Date, string TimeZone);
}
