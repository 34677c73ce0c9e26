using System.Globalization;
using ReportForge.Scheduler.Briefs;
using ReportForge.Scheduler.Dashboard.Briefs;
using ReportForge.Scheduler.Dashboard.Runs;
using ReportForge.Scheduler.Ingest;
using ReportForge.Scheduler.Schedules;

namespace ReportForge.Scheduler.Dashboard.Schedules;

/// <summary>Schedules: the list with next and last run, pause with a reason, resume, run now, create and edit with the cron in plain words.</summary>
internal static class SchedulePages
{
    public static void Map(RouteGroupBuilder pages)
    {
        pages.MapGet("/schedules", ListAsync);
        pages.MapGet("/schedules/describe", (string? cron, string? timeZone, TimeProvider clock) =>
        {
            var (description, error) = CronDescriber.Describe(cron, timeZone, clock.GetUtcNow());
            return Results.Json(new { description, error });
        });
        pages.MapGet("/schedules/new", (HttpContext http, TemplateCatalog templates, IIngestRunner ingest, TimeProvider clock) =>
            FormPage(http, null, new ScheduleDefinition { Cron = "0 0 8 * * ?", TimeZone = "UTC" }, new Dictionary<string, string[]>(), templates, ingest, clock));
        pages.MapPost("/schedules/new", (HttpContext http, ScheduleStore store, ScheduleService service, TemplateCatalog templates, IIngestRunner ingest, TimeProvider clock, CancellationToken ct) =>
            SaveAsync(http, null, store, service, templates, ingest, clock, ct));
        pages.MapGet("/schedules/{id}", ShowAsync);
        pages.MapGet("/schedules/{id}/edit", async (HttpContext http, string id, ScheduleStore store, TemplateCatalog templates, IIngestRunner ingest, TimeProvider clock, CancellationToken ct) =>
            await store.FindAsync(id, ct) is { } schedule
                ? FormPage(http, id, schedule, new Dictionary<string, string[]>(), templates, ingest, clock)
                : NotFound(http, id));
        pages.MapPost("/schedules/{id}/edit", (HttpContext http, string id, ScheduleStore store, ScheduleService service, TemplateCatalog templates, IIngestRunner ingest, TimeProvider clock, CancellationToken ct) =>
            SaveAsync(http, id, store, service, templates, ingest, clock, ct));
        pages.MapPost("/schedules/{id}/pause", PauseAsync);
        pages.MapPost("/schedules/{id}/resume", async (HttpContext http, string id, ScheduleService service, CancellationToken ct) =>
            await service.ResumeAsync(id, ct) is null ? NotFound(http, id) : Results.Redirect(Back(http, id)));
        pages.MapPost("/schedules/{id}/run", async (HttpContext http, string id, ScheduleService service, CancellationToken ct) =>
            await service.RunNowAsync(id, ct) ? Results.Redirect($"/schedules/{Uri.EscapeDataString(id)}?ran=1") : NotFound(http, id));
    }

    private static async Task<IResult> ListAsync(
        HttpContext http, ScheduleStore store, ScheduleService service, ScheduleRunStore runs, TimeProvider clock, CancellationToken cancellationToken) =>
        Layout.Page(http, "Schedules", "/schedules", await ListBodyAsync(http, store, service, runs, clock, new Dictionary<string, string[]>(), cancellationToken));

    private static async Task<Html> ListBodyAsync(
        HttpContext http, ScheduleStore store, ScheduleService service, ScheduleRunStore runs, TimeProvider clock, IDictionary<string, string[]> errors, CancellationToken cancellationToken)
    {
        var schedules = await store.AllAsync(cancellationToken);
        var latest = await runs.LatestPerScheduleAsync(cancellationToken);
        var rows = new List<Html>();
        foreach (var schedule in schedules)
        {
            var next = schedule.IsPaused ? [] : await service.NextFireTimesAsync(schedule, 1, cancellationToken);
            latest.TryGetValue(schedule.Id, out var last);
            rows.Add(Html.Of($"""
                <tr data-schedule="{schedule.Id}">
                  <td><a href="/schedules/{schedule.Id}">{schedule.Id}</a></td>
                  <td>{What(schedule)}</td>
                  <td>{Describe(schedule, clock)}<div class="mono hint">{schedule.Cron}</div></td>
                  <td>{(next.Count == 0 ? "—" : Local(next[0], schedule.TimeZone))}</td>
                  <td>{(last is null ? Html.Trusted("never") : Html.Of($"{Layout.Time(last.StartedAt)} {Layout.Badge(last.Outcome)}"))}</td>
                  <td>{(schedule.IsPaused ? Html.Of($"{Layout.Badge("paused")}<div class=\"detail\">{schedule.PausedReason}</div>") : Layout.Badge("active"))}</td>
                  <td class="actions">{Actions(http, schedule, "/schedules")}</td>
                </tr>
                """));
        }

        return Html.Of($"""
            {Layout.Errors(errors)}
            <p><a class="button" href="/schedules/new">New schedule</a></p>
            {(schedules.Count == 0
                ? Html.Trusted("<p class=\"empty\">No schedule yet. Create one to write a brief every day.</p>")
                : Html.Of($"""
                    <table><thead><tr><th>Schedule</th><th>What</th><th>When</th><th>Next run</th><th>Last run</th><th>State</th><th></th></tr></thead>
                    <tbody>{Html.Join(rows)}</tbody></table>
                    """))}
            """);
    }

    private static Html Actions(HttpContext http, ScheduleDefinition schedule, string back)
    {
        var id = Uri.EscapeDataString(schedule.Id);
        var backField = Html.Of($"""<input type="hidden" name="back" value="{back}">""");
        var pauseOrResume = schedule.IsPaused
            ? Layout.Form(http, $"/schedules/{id}/resume", Html.Of($"""{backField}<button type="submit">Resume</button>"""), "inline")
            : Layout.Form(http, $"/schedules/{id}/pause", Html.Of($"""{backField}<input name="reason" placeholder="Reason for pausing" aria-label="Reason for pausing {schedule.Id}" maxlength="500" required><button type="submit">Pause</button>"""), "inline");
        return Html.Of($"""
            {Layout.Form(http, $"/schedules/{id}/run", Html.Trusted("<button type=\"submit\">Run now</button>"), "inline")}
            {pauseOrResume}
            <a href="/schedules/{schedule.Id}/edit">Edit</a>
            """);
    }

    private static async Task<IResult> ShowAsync(
        HttpContext http, string id, string? ran, ScheduleStore store, ScheduleService service, ScheduleRunStore runs, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(id, cancellationToken) is not { } schedule)
        {
            return NotFound(http, id);
        }

        var next = schedule.IsPaused ? [] : await service.NextFireTimesAsync(schedule, 5, cancellationToken);
        var history = await runs.ForScheduleAsync(id, 50, cancellationToken);
        // Reload while a run is under way, or until the run just fired shows up.
        var running = history.Any(r => r.Outcome is "running" or "retrying") || (ran == "1" && !history.Any(r => r.Cause == "manual" && r.StartedAt > clock.GetUtcNow().AddSeconds(-30).ToUnixTimeMilliseconds()));
        var body = Html.Of($"""
            {Html.When(ran == "1", Html.Trusted("<p class=\"notice\" role=\"status\">The schedule was fired; its run appears below when it starts.</p>"))}
            <dl class="facts">
              <dt>What</dt><dd>{What(schedule)}</dd>
              <dt>When</dt><dd>{Describe(schedule, clock)} <span class="mono">({schedule.Cron})</span></dd>
              <dt>State</dt><dd>{(schedule.IsPaused ? Html.Of($"{Layout.Badge("paused")} since {Layout.Time(schedule.PausedAt)}: {schedule.PausedReason}") : Layout.Badge("active"))}</dd>
              <dt>Next runs</dt><dd>{(next.Count == 0 ? "—" : string.Join(" · ", next.Select(n => Local(n, schedule.TimeZone))))}</dd>
              <dt>Defined</dt><dd>{(schedule.Origin == "config" ? "in configuration (a change here lasts until the service restarts)" : "here or through the API")}</dd>
            </dl>
            <p class="actions">{Actions(http, schedule, $"/schedules/{schedule.Id}")}</p>
            <h2>Runs</h2>
            {RunTable.Of(history, showSchedule: false)}
            """);
        return Layout.Page(http, $"Schedule {schedule.Id}", "/schedules", body, refreshSeconds: running ? 3 : null);
    }

    private static IResult FormPage(
        HttpContext http, string? id, ScheduleDefinition schedule, IDictionary<string, string[]> errors, TemplateCatalog templates, IIngestRunner ingest, TimeProvider clock, int status = StatusCodes.Status200OK)
    {
        var (description, cronError) = CronDescriber.Describe(schedule.Cron, schedule.TimeZone, clock.GetUtcNow());
        var action = id is null ? "/schedules/new" : $"/schedules/{Uri.EscapeDataString(id)}/edit";
        var fields = Html.Of($"""
            {Layout.Errors(errors)}
            {(id is null
                ? Html.Of($"""<label>Id <input name="id" value="{schedule.Id}" required placeholder="daily-brief"></label>{Layout.FieldError(errors, "id")}""")
                : Html.Of($"""<p>Schedule <strong>{id}</strong></p>"""))}
            <label>Kind <select name="kind">{Layout.Options([ScheduleDefinition.BriefKind, ScheduleDefinition.IngestKind], schedule.Kind)}</select></label>{Layout.FieldError(errors, "kind")}
            <label>Cron expression (seconds first) <input name="cron" value="{schedule.Cron}" required class="mono" data-describe></label>{Layout.FieldError(errors, "cron")}
            <label>Time zone <input name="timeZone" list="zones" value="{schedule.TimeZone}" required data-describe></label>{Layout.FieldError(errors, "timeZone")}
            <datalist id="zones">{Layout.Options(BriefPages.CommonZones, null)}</datalist>
            <p class="describe" data-description aria-live="polite">{description ?? cronError}</p>
            <label>Template set (briefs) <select name="templateSet">{Layout.Options(templates.Names, schedule.TemplateSet)}</select></label>{Layout.FieldError(errors, "templateSet")}
            <label>Brief the day this many days before the firing (0 = the firing day) <input name="windowDaysBack" type="number" min="0" max="31" value="{schedule.WindowDaysBack}"></label>{Layout.FieldError(errors, "windowDaysBack")}
            <label>Source (ingest) <input name="source" list="sources" value="{schedule.Source}"></label>{Layout.FieldError(errors, "source")}
            <datalist id="sources">{Layout.Options(ingest.Sources, null)}</datalist>
            <p class="hint">Examples: <code>0 0 8 * * ?</code> every day at 08:00 · <code>0 30 7 ? * MON-FRI</code> weekdays at 07:30 · <code>0 */15 * * * ?</code> every 15 minutes.</p>
            <button type="submit">{(id is null ? "Create the schedule" : "Save the schedule")}</button>
            """);
        return Layout.Page(http, id is null ? "New schedule" : $"Edit schedule {id}", "/schedules", Layout.Form(http, action, fields, "stack narrow"), status);
    }

    private static async Task<IResult> SaveAsync(
        HttpContext http, string? id, ScheduleStore store, ScheduleService service, TemplateCatalog templates, IIngestRunner ingest, TimeProvider clock, CancellationToken cancellationToken)
    {
        var existing = id is null ? null : await store.FindAsync(id, cancellationToken);
        if (id is not null && existing is null)
        {
            return NotFound(http, id);
        }

        var form = await http.Request.ReadFormAsync(cancellationToken);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var daysBack = 1;
        if (!string.IsNullOrWhiteSpace(form["windowDaysBack"]) && !int.TryParse(form["windowDaysBack"], NumberStyles.Integer, CultureInfo.InvariantCulture, out daysBack))
        {
            errors["windowDaysBack"] = [$"'{form["windowDaysBack"]}' is not a whole number of days: use 0 to 31."];
        }

        var source = form["source"].ToString().Trim();
        var schedule = (existing ?? new ScheduleDefinition { Origin = "api" }) with
        {
            Id = id ?? form["id"].ToString().Trim(),
            Kind = form["kind"].ToString(),
            Cron = form["cron"].ToString().Trim(),
            TimeZone = form["timeZone"].ToString().Trim(),
            Source = source.Length == 0 ? null : source,
            TemplateSet = string.IsNullOrEmpty(form["templateSet"]) ? TemplateCatalog.DefaultSet : form["templateSet"].ToString(),
            WindowDaysBack = daysBack,
        };
        foreach (var (field, messages) in ScheduleValidation.Validate(schedule, templates.Names, ingest.Sources))
        {
            errors.TryAdd(field, messages);
        }

        if (id is null && errors.Count == 0 && await store.FindAsync(schedule.Id, cancellationToken) is not null)
        {
            errors["id"] = [$"A schedule '{schedule.Id}' exists already: pick another id, or edit that one."];
        }

        if (errors.Count > 0)
        {
            return FormPage(http, id, schedule, errors, templates, ingest, clock, StatusCodes.Status400BadRequest);
        }

        var saved = await service.SaveAsync(schedule, cancellationToken);
        return Results.Redirect($"/schedules/{Uri.EscapeDataString(saved.Id)}");
    }

    private static async Task<IResult> PauseAsync(
        HttpContext http, string id, ScheduleStore store, ScheduleService service, ScheduleRunStore runs, TimeProvider clock, CancellationToken cancellationToken)
    {
        var form = await http.Request.ReadFormAsync(cancellationToken);
        var reason = form["reason"].ToString().Trim();
        if (reason.Length is 0 or > 500)
        {
            var errors = new Dictionary<string, string[]>(StringComparer.Ordinal) { ["reason"] = [$"Say why '{id}' is paused, in 1–500 characters, e.g. \"exchange outage, data incomplete\"."] };
            return Layout.Page(http, "Schedules", "/schedules", await ListBodyAsync(http, store, service, runs, clock, errors, cancellationToken), StatusCodes.Status400BadRequest);
        }

        return await service.PauseAsync(id, reason, cancellationToken) is null ? NotFound(http, id) : Results.Redirect(Back(http, id, form["back"]));
    }

    private static string Back(HttpContext http, string id, string? back = null) =>
        Layout.LocalOrDefault(back ?? http.Request.Form["back"].ToString(), $"/schedules/{Uri.EscapeDataString(id)}");

    private static Html What(ScheduleDefinition schedule) =>
        schedule.Kind == ScheduleDefinition.IngestKind
            ? Html.Of($"ingest {schedule.Source}")
            : Html.Of($"brief of {(schedule.WindowDaysBack == 0 ? "the firing day" : schedule.WindowDaysBack == 1 ? "the day before" : $"the day {schedule.WindowDaysBack} days before")}, template set {schedule.TemplateSet}");

    private static string Describe(ScheduleDefinition schedule, TimeProvider clock)
    {
        var (description, error) = CronDescriber.Describe(schedule.Cron, schedule.TimeZone, clock.GetUtcNow());
        return description ?? error ?? "";
    }

    private static string Local(DateTimeOffset time, string timeZone) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var zone)
            ? TimeZoneInfo.ConvertTime(time, zone).ToString("ddd d MMM yyyy HH:mm", CultureInfo.InvariantCulture) + $" ({timeZone})"
            : Layout.Time(time);

    private static IResult NotFound(HttpContext http, string id) =>
        Layout.Page(http, "No such schedule", "/schedules", Html.Of($"""<p>There is no schedule '{id}'. <a href="/schedules">See the schedules</a>.</p>"""), StatusCodes.Status404NotFound);
}
