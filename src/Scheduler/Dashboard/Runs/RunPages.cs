using ReportForge.Scheduler.Briefs;
using ReportForge.Scheduler.Delivery;
using ReportForge.Scheduler.Schedules;

namespace ReportForge.Scheduler.Dashboard.Runs;

/// <summary>Runs: the schedules' execution history, the on-demand briefs, and deliveries that failed with a button to send them again.</summary>
internal static class RunPages
{
    public static void Map(RouteGroupBuilder pages)
    {
        pages.MapGet("/runs", ListAsync);
        pages.MapPost("/runs/deliveries/{id}/retry", RetryAsync);
    }

    private static async Task<IResult> ListAsync(
        HttpContext http, string? schedule, string? outcome, ScheduleRunStore runs, BriefJobStore jobs, DeliveryStore deliveries, CancellationToken cancellationToken)
    {
        var history = await runs.RecentAsync(string.IsNullOrEmpty(schedule) ? null : schedule, string.IsNullOrEmpty(outcome) ? null : outcome, 200, cancellationToken);
        var failed = (await deliveries.ListAsync(null, null, "failed", 100, cancellationToken))
            .Concat(await deliveries.ListAsync(null, null, "uncertain", 100, cancellationToken))
            .OrderByDescending(d => d.UpdatedAt).ToList();
        var requests = await jobs.RecentAsync(50, cancellationToken);
        var body = Html.Of($"""
            <section><h2>Failed deliveries</h2>
            {(failed.Count == 0
                ? Html.Trusted("<p class=\"empty\">No delivery has failed.</p>")
                : Html.Of($"""
                    <table class="deliveries"><thead><tr><th>Brief</th><th>Channel</th><th>Recipient</th><th>Attempts</th><th>Status</th><th>Last error</th><th></th></tr></thead><tbody>
                    {Html.Join(failed.Select(d => Html.Of($"""
                        <tr data-delivery="{d.Id}">
                          <td><a href="/briefs/{d.ReportId}">{d.ReportId}</a></td><td>{d.Channel}</td><td>{d.Recipient}</td><td>{d.Attempts}</td>
                          <td>{Layout.Badge(d.Status)}</td><td class="detail">{d.LastError}</td>
                          <td>{Layout.Form(http, $"/runs/deliveries/{Uri.EscapeDataString(d.Id)}/retry", Html.Trusted("<button type=\"submit\">Retry</button>"), "inline")}</td>
                        </tr>
                        """)))}
                    </tbody></table>
                    """))}
            </section>
            <section><h2>Schedule runs</h2>
            <form method="get" action="/runs" class="row">
              <label>Schedule <input name="schedule" value="{schedule}"></label>
              <label>Outcome <select name="outcome"><option value="">any</option>{Layout.Options(["succeeded", "failed", "retrying", "interrupted", "running"], outcome)}</select></label>
              <button type="submit">Filter</button>
            </form>
            {RunTable.Of(history, showSchedule: true)}
            </section>
            <section><h2>Briefs asked for</h2>
            {(requests.Count == 0
                ? Html.Trusted("<p class=\"empty\">No brief has been asked for on demand.</p>")
                : Html.Of($"""
                    <table><thead><tr><th>Asked</th><th>Kind</th><th>Window</th><th>Took</th><th>Status</th><th>Detail or error</th></tr></thead><tbody>
                    {Html.Join(requests.Select(j => Html.Of($"""
                        <tr><td><a href="/briefs/jobs/{j.Id}">{Layout.Time(j.CreatedAt)}</a></td><td>{j.Kind}</td>
                        <td>{Briefs.BriefPages.Window(DateTimeOffset.FromUnixTimeMilliseconds(j.WindowStart), DateTimeOffset.FromUnixTimeMilliseconds(j.WindowEnd), j.TimeZone)}</td>
                        <td>{(j.StartedAt is { } started ? Layout.Duration(started, j.FinishedAt) : "waiting")}</td><td>{Layout.Badge(j.Status)}</td>
                        <td class="detail">{(j.ReportId is { } report ? Html.Of($"<a href=\"/briefs/{report}\">brief</a>") : Html.Empty)}{j.Error}</td></tr>
                        """)))}
                    </tbody></table>
                    """))}
            </section>
            """);
        return Layout.Page(http, "Runs", "/runs", body);
    }

    private static async Task<IResult> RetryAsync(HttpContext http, string id, DeliveryStore store, DeliverySignal signal, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(id, cancellationToken) is not { } delivery)
        {
            return Layout.Page(http, "No such delivery", "/runs", Html.Of($"<p>There is no delivery '{id}'. <a href=\"/runs\">See the runs</a>.</p>"), StatusCodes.Status404NotFound);
        }

        if (!await store.RetryAsync(id, cancellationToken))
        {
            return Layout.Page(http, "Nothing to retry", "/runs",
                Html.Of($"<p>Delivery {id} is {delivery.Status}; only failed or uncertain deliveries are sent again by hand. <a href=\"/runs\">Back to the runs</a>.</p>"), StatusCodes.Status409Conflict);
        }

        signal.Wake();
        return Results.Redirect("/runs");
    }
}
