using System.Globalization;
using ReportForge.Data.Archive;
using ReportForge.Data.Storage;
using ReportForge.Scheduler.Api;
using ReportForge.Scheduler.Briefs;

namespace ReportForge.Scheduler.Dashboard.Briefs;

/// <summary>The archive (newest first), a brief with its preview and download, and the "new brief" form with its progress.</summary>
internal static class BriefPages
{
    private const int PageSize = 25;

    /// <summary>Zones offered in the form; any other IANA id may be typed.</summary>
    internal static readonly string[] CommonZones =
        ["UTC", "Europe/London", "Europe/Berlin", "Europe/Zurich", "America/New_York", "America/Chicago", "America/Los_Angeles", "Asia/Singapore", "Asia/Hong_Kong", "Asia/Tokyo", "Asia/Dubai", "Australia/Sydney"];

    public static void Map(RouteGroupBuilder pages)
    {
        pages.MapGet("/briefs", ListAsync);
        pages.MapPost("/briefs", CreateAsync);
        pages.MapGet("/briefs/jobs/{id}", JobAsync);
        pages.MapGet("/briefs/jobs/{id}/status", JobStatusAsync);
        pages.MapGet("/briefs/{id}", ShowAsync);
        pages.MapGet("/briefs/{id}/pdf", BriefEndpoints.PdfAsync);
        pages.MapGet("/briefs/{id}/preview", async (HttpContext http, string id, BriefJobStore jobs, ReportArchive archive, BriefRunner runner, CancellationToken ct) =>
        {
            Layout.Secure(http.Response, Layout.BriefPolicy);
            return await BriefEndpoints.HtmlAsync(id, jobs, archive, runner, ct);
        });
    }

    private static async Task<IResult> ListAsync(HttpContext http, int? page, ReportArchive archive, BriefJobStore jobs, TemplateCatalog templates, CancellationToken cancellationToken) =>
        Layout.Page(http, "Briefs", "/briefs", await ListBodyAsync(http, Math.Max(1, page ?? 1), new BriefForm(), new Dictionary<string, string[]>(), archive, jobs, templates, cancellationToken));

    private static async Task<Html> ListBodyAsync(
        HttpContext http, int page, BriefForm form, IDictionary<string, string[]> errors, ReportArchive archive, BriefJobStore jobs, TemplateCatalog templates, CancellationToken cancellationToken)
    {
        var reports = await archive.RecentAsync(PageSize + 1, (page - 1) * PageSize, cancellationToken);
        var pending = (await jobs.RecentAsync(20, cancellationToken)).Where(j => j.Status is "queued" or "running" or "failed").Take(10).ToList();
        var rows = Html.Join(reports.Take(PageSize).Select(Row));
        var pager = Html.Of($"""
            <p class="pager">{Html.When(page > 1, Html.Of($"<a href=\"/briefs?page={page - 1}\">Newer</a>"))} {Html.When(reports.Count > PageSize, Html.Of($"<a href=\"/briefs?page={page + 1}\">Older</a>"))}</p>
            """);
        var requests = pending.Count == 0
            ? Html.Empty
            : Html.Of($"""
                <section><h2>Requests in progress or failed</h2>
                <table><thead><tr><th>Asked at</th><th>Window</th><th>Status</th><th>Detail</th></tr></thead><tbody>
                {Html.Join(pending.Select(j => Html.Of($"""<tr><td><a href="/briefs/jobs/{j.Id}">{Layout.Time(j.CreatedAt)}</a></td><td>{Window(j.WindowStart, j.WindowEnd, j.TimeZone)}</td><td>{Layout.Badge(j.Status)}</td><td class="detail">{j.Error}</td></tr>""")))}
                </tbody></table></section>
                """);
        return Html.Of($"""
            <section class="card"><h2>New brief</h2>{NewBriefForm(http, form, errors, templates)}</section>
            {requests}
            <section><h2>Archive</h2>
            {(reports.Count == 0
                ? Html.Trusted("<p class=\"empty\">No brief has been written yet. Ask for one above, or run a schedule.</p>")
                : Html.Of($"""
                    <table class="archive"><thead><tr><th>Window</th><th>Headline figures</th><th>Status</th><th>Template</th><th>Made</th><th></th></tr></thead>
                    <tbody>{rows}</tbody></table>{pager}
                    """))}
            </section>
            """);
    }

    private static Html Row(ArchivedReport report)
    {
        var figures = HeadlineFigures.Of(report.FactsJson);
        var parts = new[] { figures.Liquidated, figures.LongShare, figures.Traders }.Where(p => p is not null).Concat(figures.Moves).ToList();
        return Html.Of($"""
            <tr data-report="{report.Id}">
              <td><a href="/briefs/{report.Id}">{Window(report.WindowStart, report.WindowEnd, report.TimeZone)}</a></td>
              <td class="figures">{(parts.Count == 0 ? Html.Text(report.Headline) : Html.Join(parts.Select(p => Html.Of($"<span>{p}</span>"))))}</td>
              <td>{Layout.Badge(report.Status)}{Html.When(report.Error is not null, Html.Of($"<span class=\"detail\">{report.Error}</span>"))}</td>
              <td>{report.TemplateSet} <a href="/templates/{report.TemplateSet}/versions/{report.TemplateVersion}" class="mono">{report.TemplateVersion}</a></td>
              <td>{Layout.Time(report.CreatedAt)}</td>
              <td class="actions"><a href="/briefs/{report.Id}">View</a>{Html.When(report.Status == "done", Html.Of($" <a href=\"/briefs/{report.Id}/pdf\" download>PDF</a>"))}</td>
            </tr>
            """);
    }

    internal static Html NewBriefForm(HttpContext http, BriefForm form, IDictionary<string, string[]> errors, TemplateCatalog templates) =>
        Layout.Form(http, "/briefs", Html.Of($"""
            {Layout.Errors(errors)}
            <fieldset class="row">
              <legend>Window</legend>
              <label><input type="radio" name="span" value="date"{Html.When(form.Span != "window", Html.Trusted(" checked"))}> One day
                <input type="date" name="date" value="{form.Date}" aria-label="Date"></label>
              <label><input type="radio" name="span" value="window"{Html.When(form.Span == "window", Html.Trusted(" checked"))}> A window from
                <input type="datetime-local" name="from" value="{form.From}" aria-label="From"> to <input type="datetime-local" name="to" value="{form.To}" aria-label="To"></label>
              {Layout.FieldError(errors, "date")}{Layout.FieldError(errors, "from")}{Layout.FieldError(errors, "to")}
            </fieldset>
            <div class="row">
              <label>Time zone <input name="timeZone" list="zones" value="{form.TimeZone}" required></label>{Layout.FieldError(errors, "timeZone")}
              <datalist id="zones">{Layout.Options(CommonZones, null)}</datalist>
              <label>Template set <select name="templateSet">{Layout.Options(templates.Names, form.TemplateSet)}</select></label>{Layout.FieldError(errors, "templateSet")}
              <button type="submit">Write the brief</button>
            </div>
            <p class="hint">A day runs from 00:00 to 24:00 in the time zone; window times are read in it too.</p>
            """), "stack");

    private static async Task<IResult> CreateAsync(
        HttpContext http, BriefBacklog queue, TemplateCatalog templates, ReportForgeDatabase database, TimeProvider clock,
        ReportArchive archive, BriefJobStore jobs, CancellationToken cancellationToken)
    {
        var values = await http.Request.ReadFormAsync(cancellationToken);
        var form = new BriefForm
        {
            Span = values["span"].ToString(),
            Date = values["date"].ToString(),
            From = values["from"].ToString(),
            To = values["to"].ToString(),
            TimeZone = values["timeZone"].ToString().Trim(),
            TemplateSet = values["templateSet"].ToString(),
        };
        var window = form.Span == "window";
        var body = new BriefRequestBody
        {
            Date = window ? null : NullIfEmpty(form.Date),
            From = window ? InZone(form.From, form.TimeZone) : null,
            To = window ? InZone(form.To, form.TimeZone) : null,
            TimeZone = NullIfEmpty(form.TimeZone),
            TemplateSet = NullIfEmpty(form.TemplateSet),
        };
        var submission = await BriefEndpoints.SubmitAsync(body, queue, templates, database, clock, cancellationToken);
        if (submission.Job is { } job)
        {
            return Results.Redirect($"/briefs/jobs/{job.Id}", permanent: false, preserveMethod: false);
        }

        return Layout.Page(http, "Briefs", "/briefs", await ListBodyAsync(http, 1, form, submission.Errors, archive, jobs, templates, cancellationToken), submission.Status);
    }

    private static async Task<IResult> JobAsync(HttpContext http, string id, BriefJobStore jobs, ReportArchive archive, CancellationToken cancellationToken)
    {
        if (await jobs.FindAsync(id, cancellationToken) is not { } job)
        {
            return NotFound(http, id);
        }

        var report = job.ReportId is null ? null : await archive.FindAsync(job.ReportId, cancellationToken);
        var body = job.Status switch
        {
            "done" when report is not null => Html.Of($"""
                <p class="lead" data-status="done">{Layout.Badge("done")} {report.Headline}</p>
                <p class="actions"><a class="button" href="/briefs/{report.Id}/pdf" download>Download the PDF</a> <a href="/briefs/{report.Id}">Open in the archive</a></p>
                <iframe class="preview" src="/briefs/{report.Id}/preview" title="Preview of the brief" sandbox></iframe>
                """),
            "failed" => Html.Of($"""<p class="lead" data-status="failed">{Layout.Badge("failed")}</p><div class="errors" role="alert"><p>{job.Error}</p></div><p><a href="/briefs">Ask again</a></p>"""),
            _ => Html.Of($"""
                <div class="progress" data-poll="/briefs/jobs/{job.Id}/status">
                  <p class="lead">Status: <strong data-status>{job.Status}</strong></p>
                  <progress aria-label="Writing the brief"></progress>
                  <p class="hint">{(job.Status == "queued" ? "Waiting for a free worker." : "Analysing the data and rendering the PDF.")} This page updates by itself.</p>
                </div>
                """),
        };
        var intro = Html.Of($"""<p>Window {Window(job.WindowStart, job.WindowEnd, job.TimeZone)} · template set {job.TemplateSet} · asked {Layout.Time(job.CreatedAt)}</p>""");
        return Layout.Page(http, "Brief request", "/briefs", Html.Of($"{intro}{body}"), refreshSeconds: job.Status is "queued" or "running" ? 2 : null, scriptPolls: true);
    }

    private static async Task<IResult> JobStatusAsync(string id, BriefJobStore jobs, CancellationToken cancellationToken) =>
        await jobs.FindAsync(id, cancellationToken) is { } job
            ? Results.Json(new { status = job.Status, reportId = job.ReportId, error = job.Error })
            : Results.NotFound();

    private static async Task<IResult> ShowAsync(HttpContext http, string id, ReportArchive archive, CancellationToken cancellationToken)
    {
        if (await archive.FindAsync(id, cancellationToken) is not { } report)
        {
            return NotFound(http, id);
        }

        var figures = HeadlineFigures.Of(report.FactsJson);
        var facts = new List<(string, string?)>
        {
            ("Window", Window(report.WindowStart, report.WindowEnd, report.TimeZone)),
            ("Liquidated", figures.Liquidated), ("Long share", figures.LongShare), ("Traders", figures.Traders),
            ("Price moves", figures.Moves.Count == 0 ? null : string.Join(", ", figures.Moves)),
            ("Template", $"{report.TemplateSet} · version {report.TemplateVersion}"), ("Made", Layout.Time(report.CreatedAt)),
        };
        var body = Html.Of($"""
            <p class="lead">{Layout.Badge(report.Status)} {report.Headline}</p>
            <dl class="facts">{Html.Join(facts.Where(f => f.Item2 is not null).Select(f => Html.Of($"<dt>{f.Item1}</dt><dd>{f.Item2}</dd>")))}</dl>
            {Html.When(report.Error is not null, Html.Of($"<div class=\"errors\"><p>{report.Error}</p></div>"))}
            {Html.When(report.Status == "done", Html.Of($"""
                <p class="actions"><a class="button" href="/briefs/{report.Id}/pdf" download>Download the PDF</a> <a href="/briefs/{report.Id}/preview" target="_blank" rel="noopener">Open the preview on its own</a></p>
                <iframe class="preview" src="/briefs/{report.Id}/preview" title="Preview of the brief" sandbox></iframe>
                """))}
            """);
        return Layout.Page(http, "Brief", "/briefs", body);
    }

    private static IResult NotFound(HttpContext http, string id) =>
        Layout.Page(http, "No such brief", "/briefs", Html.Of($"""<p>There is no brief or request '{id}'. <a href="/briefs">See the archive</a>.</p>"""), StatusCodes.Status404NotFound);

    private static string Window(long start, long end, string timeZone) =>
        Window(DateTimeOffset.FromUnixTimeMilliseconds(start), DateTimeOffset.FromUnixTimeMilliseconds(end), timeZone);

    internal static string Window(DateTimeOffset start, DateTimeOffset end, string timeZone)
    {
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var found) ? found : TimeZoneInfo.Utc;
        var localStart = TimeZoneInfo.ConvertTime(start, zone);
        var localEnd = TimeZoneInfo.ConvertTime(end, zone);
        var wholeDay = localStart.TimeOfDay == TimeSpan.Zero && localEnd.TimeOfDay == TimeSpan.Zero && localEnd.Date == localStart.Date.AddDays(1);
        return wholeDay
            ? $"{localStart.ToString("ddd d MMM yyyy", CultureInfo.InvariantCulture)} ({timeZone})"
            : $"{localStart.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} – {localEnd.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} ({timeZone})";
    }

    /// <summary>A datetime-local value read in the chosen zone, as an ISO time with its offset (left as typed when it cannot be read, so the API's check names it).</summary>
    private static string? InZone(string value, string timeZone)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (!DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            || !TimeZoneInfo.TryFindSystemTimeZoneById(string.IsNullOrWhiteSpace(timeZone) ? "UTC" : timeZone, out var zone))
        {
            return value;
        }

        var offset = zone.GetUtcOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified));
        return new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), offset).ToString("O", CultureInfo.InvariantCulture);
    }

    private static string? NullIfEmpty(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>What the "new brief" form held, to show it again with its errors.</summary>
internal sealed record BriefForm
{
    public string Span { get; init; } = "date";
    public string Date { get; init; } = "";
    public string From { get; init; } = "";
    public string To { get; init; } = "";
    public string TimeZone { get; init; } = "UTC";
    public string TemplateSet { get; init; } = TemplateCatalog.DefaultSet;
}
