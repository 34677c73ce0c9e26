using System.Globalization;
using Microsoft.Extensions.Options;
using ReportForge.Data.Ingest;
using ReportForge.Data.Runs;
using ReportForge.Data.Sources.Collectors;
using ReportForge.Scheduler.Cluster;
using ReportForge.Scheduler.Ingest;
using ReportForge.Scheduler.Schedules;

namespace ReportForge.Scheduler.Dashboard.Data;

/// <summary>Data: coverage per source and day, the last ingest of each source, and the collectors.</summary>
internal static class DataPages
{
    private const int MaxDays = 92;

    public static void Map(RouteGroupBuilder pages) => pages.MapGet("/data", ShowAsync);

    private static async Task<IResult> ShowAsync(
        HttpContext http, string? from, string? to, DataCoverage coverage, IngestRunStore ingestRuns, IIngestRunner ingest, ScheduleStore schedules,
        ScheduleRunStore runs, CollectorSet streams, IOptions<SourcesOptions> sources, LeaseStore leases, ServiceNode node, CancellationToken cancellationToken)
    {
        var lease = await leases.FindAsync(CollectorLease.Name, cancellationToken);
        var latest = await coverage.LatestStoredDayAsync(cancellationToken) ?? DateOnly.FromDateTime(DateTime.UtcNow);
        var end = ParseDay(to) ?? latest;
        var start = ParseDay(from) ?? end.AddDays(-13);
        if (start > end)
        {
            (start, end) = (end, start);
        }

        if (end.DayNumber - start.DayNumber >= MaxDays)
        {
            start = end.AddDays(-(MaxDays - 1));
        }

        var cells = await coverage.CellsAsync(start, end.AddDays(1), cancellationToken);
        var columns = cells.Select(c => (c.Source, c.Kind)).Distinct().OrderBy(c => c.Source, StringComparer.Ordinal).ThenBy(c => KindOrder(c.Kind)).ToList();
        var byKey = cells.ToDictionary(c => (c.Source, c.Kind, c.Day));
        var days = Enumerable.Range(0, end.DayNumber - start.DayNumber + 1).Select(i => end.AddDays(-i)).ToList();
        var grid = columns.Count == 0
            ? Html.Trusted("<p class=\"empty\">Nothing is stored for these days. Import a dataset (<code>reportforge import &lt;folder&gt;</code>) or run an ingest schedule.</p>")
            : Html.Of($"""
                <table class="coverage">
                  <thead><tr><th>Day (UTC)</th>{Html.Join(columns.Select(c => Html.Of($"<th>{c.Source}<div class=\"hint\">{c.Kind}</div></th>")))}</tr></thead>
                  <tbody>{Html.Join(days.Select(day =>
                  {
                      var key = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                      return Html.Of($"<tr><th>{key}</th>{Html.Join(columns.Select(c => Cell(byKey.GetValueOrDefault((c.Source, c.Kind, key)), c.Kind)))}</tr>");
                  }))}</tbody>
                </table>
                """);

        var lastRuns = await ingestRuns.LatestPerSourceAsync(cancellationToken);
        var ingestSchedules = (await schedules.AllAsync(cancellationToken)).Where(s => s.Kind == ScheduleDefinition.IngestKind).ToList();
        var latestScheduleRuns = await runs.LatestPerScheduleAsync(cancellationToken);
        var gaps = await coverage.RecentGapsAsync(20, cancellationToken);
        var body = Html.Of($"""
            <form method="get" action="/data" class="row">
              <label>From <input type="date" name="from" value="{start:yyyy-MM-dd}"></label>
              <label>to <input type="date" name="to" value="{end:yyyy-MM-dd}"></label>
              <button type="submit">Show</button>
            </form>
            <section><h2>Coverage</h2>
            <p class="hint">Hourly tables show the hours stored out of {DataCoverage.HoursPerDay}; other tables the rows stored. An empty cell is a day with nothing from that source.</p>
            {grid}
            </section>
            <section><h2>Last ingest per source</h2>
            {(lastRuns.Count == 0
                ? Html.Trusted("<p class=\"empty\">No import or ingest has run yet.</p>")
                : Html.Of($"""
                    <table><thead><tr><th>Source</th><th>Kind</th><th>Started</th><th>Took</th><th>Outcome</th><th>Rows</th><th>Error</th></tr></thead><tbody>
                    {Html.Join(lastRuns.Select(r => Html.Of($"""
                        <tr data-source="{r.Source}"><td>{r.Source}</td><td>{r.Kind}</td><td>{Layout.Time(r.StartedAt)}</td>
                        <td>{Layout.Duration(r.StartedAt.ToUnixTimeMilliseconds(), r.FinishedAt?.ToUnixTimeMilliseconds())}</td><td>{Layout.Badge(r.Outcome)}</td>
                        <td>{string.Join(", ", r.Rows.Select(kv => $"{kv.Key} {kv.Value.ToString(CultureInfo.InvariantCulture)}"))}</td><td class="detail">{r.Error}</td></tr>
                        """)))}
                    </tbody></table>
                    """))}
            </section>
            <section><h2>Collectors</h2>
            {(ingest.Sources.Count == 0
                ? Html.Trusted("<p class=\"empty\">No collector is configured (ReportForge:Ingest).</p>")
                : Html.Of($"""
                    <table><thead><tr><th>Source</th><th>Ingest schedules</th><th>Last scheduled run</th></tr></thead><tbody>
                    {Html.Join(ingest.Sources.Select(source =>
                    {
                        var mine = ingestSchedules.Where(s => s.Source == source).ToList();
                        var last = mine.Select(s => latestScheduleRuns.GetValueOrDefault(s.Id)).Where(r => r is not null).MaxBy(r => r!.StartedAt);
                        return Html.Of($"""
                            <tr data-collector="{source}"><td>{source}</td>
                            <td>{(mine.Count == 0 ? Html.Trusted("none") : Html.Join(mine.Select(s => Html.Of($"<a href=\"/schedules/{s.Id}\">{s.Id}</a>{(s.IsPaused ? " (paused)" : "")} "))))}</td>
                            <td>{(last is null ? Html.Trusted("never") : Html.Of($"{Layout.Time(last.StartedAt)} {Layout.Badge(last.Outcome)} <span class=\"detail\">{last.Detail}</span>"))}</td></tr>
                            """);
                    }))}
                    </tbody></table>
                    """))}
            <h3>Liquidation streams</h3>
            {Streams(streams, sources.Value.Collectors.Enabled, lease, node)}
            {Html.When(gaps.Count > 0, Html.Of($"""
                <h3>Recent gaps in the liquidation streams</h3>
                <table><thead><tr><th>Collector</th><th>From</th><th>To</th><th>Why</th></tr></thead><tbody>
                {Html.Join(gaps.Select(g => Html.Of($"<tr><td>{g.Collector}</td><td>{Layout.Time(g.GapStart)}</td><td>{Layout.Time(g.GapEnd)}</td><td>{g.Reason}</td></tr>")))}
                </tbody></table>
                """))}
            </section>
            """);
        return Layout.Page(http, "Data", "/data", body);
    }

    private static Html Streams(CollectorSet streams, bool enabled, LeaseRow? lease, ServiceNode node)
    {
        if (!enabled || streams.Collectors.Count == 0)
        {
            return Html.Trusted("<p class=\"empty\">The free liquidation streams are off (Sources:Collectors:Enabled).</p>");
        }

        // The streams run on the node holding the collectors' lease; the figures below are this node's own.
        var holder = lease is null
            ? Html.Of($"<p class=\"hint\" data-lease=\"none\">No node holds the collectors' lease yet; this node is {node.Id}.</p>")
            : lease.Holder == node.Id
                ? Html.Of($"<p class=\"hint\" data-lease=\"this\">This node ({node.Id}) runs the collectors; its lease runs to {Layout.Time(lease.ExpiresAt)} and is renewed while it lives.</p>")
                : Html.Of($"<p class=\"hint\" data-lease=\"other\">Node {lease.Holder} runs the collectors (lease to {Layout.Time(lease.ExpiresAt)}); this node ({node.Id}) takes over if that lease runs out.</p>");
        var sink = streams.Sink;
        return Html.Of($"""
            {holder}
            <table class="streams"><thead><tr><th>Exchange</th><th>Stream</th><th>Connections made</th><th>Messages</th><th>Unreadable</th></tr></thead><tbody>
            {Html.Join(streams.Collectors.Select(c => Html.Of($"<tr data-stream=\"{c.Name}\"><td>{c.Name}</td><td class=\"mono\">{c.Url}</td><td>{c.Connections}</td><td>{c.Messages}</td><td>{c.BadMessages}</td></tr>")))}
            </tbody></table>
            <p class="hint">Orders stored so far {sink.StoredOrders}, repeats dropped {sink.Duplicates}, waiting to be written {sink.Pending}.</p>
            """);
    }

    private static Html Cell(CoverageCell? cell, string kind)
    {
        if (cell is null)
        {
            return Html.Trusted("<td class=\"missing\">missing</td>");
        }

        return kind is "candles" or "liquidations"
            ? Html.Of($"<td class=\"{(cell.Count >= DataCoverage.HoursPerDay ? "complete" : "partial")}\">{cell.Count} h · {cell.Assets} assets</td>")
            : Html.Of($"<td class=\"complete\">{cell.Count} {(kind == "market" ? "day" : "rows")}</td>");
    }

    private static int KindOrder(string kind) => Array.IndexOf(["liquidations", "candles", "orders", "derivatives", "market"], kind);

    private static DateOnly? ParseDay(string? value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;
}
