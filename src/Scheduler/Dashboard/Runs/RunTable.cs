using ReportForge.Scheduler.Schedules;

namespace ReportForge.Scheduler.Dashboard.Runs;

/// <summary>The execution history as a table: when, how long, which attempt and why, the outcome and the error.</summary>
internal static class RunTable
{
    public static Html Of(IReadOnlyList<ScheduleRun> runs, bool showSchedule)
    {
        if (runs.Count == 0)
        {
            return Html.Trusted("<p class=\"empty\">No runs yet.</p>");
        }

        var rows = runs.Select(r => Html.Of($"""
            <tr data-run="{r.Id}" data-outcome="{r.Outcome}">
              {Html.When(showSchedule, Html.Of($"<td><a href=\"/schedules/{r.ScheduleId}\">{r.ScheduleId}</a></td>"))}
              <td>{Layout.Time(r.ScheduledFor)}</td>
              <td>{Layout.Time(r.StartedAt)}</td>
              <td>{Layout.Duration(r.StartedAt, r.FinishedAt)}</td>
              <td>{(r.Attempt == 0 ? "first" : $"retry {r.Attempt}")}</td>
              <td>{r.Cause}</td>
              <td>{Layout.Badge(r.Outcome)}</td>
              <td class="detail">{(r.ReportId is { } report ? Html.Of($"<a href=\"/briefs/{report}\">brief</a> ") : Html.Empty)}{r.Detail}</td>
            </tr>
            """));
        return Html.Of($"""
            <table class="runs"><thead><tr>{Html.When(showSchedule, Html.Trusted("<th>Schedule</th>"))}<th>Due</th><th>Started</th><th>Took</th><th>Attempt</th><th>Cause</th><th>Outcome</th><th>Detail or error</th></tr></thead>
            <tbody>{Html.Join(rows)}</tbody></table>
            """);
    }
}
