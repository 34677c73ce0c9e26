using System.Globalization;
using System.Net.Mail;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Options;
using ReportForge.Data.Archive;
using ReportForge.Data.Storage;
using ReportForge.Reporting.Analysis;
using ReportForge.Scheduler.Briefs;
using ReportForge.Scheduler.Service;

namespace ReportForge.Scheduler.Api;

/// <summary>POST /api/briefs {date or from/to, timeZone, templateSet, recipients}.</summary>
public sealed record BriefRequestBody
{
    public string? Date { get; init; }
    public string? From { get; init; }
    public string? To { get; init; }
    public string? TimeZone { get; init; }
    public string? TemplateSet { get; init; }
    public List<string>? Recipients { get; init; }
}

/// <summary>A brief's status, as GET /api/briefs/{id} answers it.</summary>
public sealed record BriefStatus(
    string Id,
    string Kind,
    string Status,
    DateTimeOffset WindowStart,
    DateTimeOffset WindowEnd,
    string TimeZone,
    string TemplateSet,
    string? TemplateVersion,
    string? ReportId,
    string? Headline,
    string? Error,
    DateTimeOffset CreatedAt,
    string? PdfUrl,
    string? HtmlUrl);

/// <summary>The outcome of asking for a brief: the queued job, or what is wrong by field with the status to answer.</summary>
internal sealed record BriefSubmission(BriefJob? Job, IDictionary<string, string[]> Errors, int Status, string Title)
{
    public static BriefSubmission Refused(IDictionary<string, string[]> errors, int status, string title) => new(null, errors, status, title);
}

/// <summary>On-demand briefs and the archive.</summary>
internal static class BriefEndpoints
{
    private const int MaxRecipients = 50;

    public static void Map(RouteGroupBuilder api)
    {
        var briefs = api.MapGroup("/briefs").WithTags("Briefs");
        briefs.MapPost("/", CreateAsync).WithSummary("Ask for a brief of a day or window; 202 with its id, 429 when the queue is full.")
            .Accepts<BriefRequestBody>("application/json").Produces<BriefStatus>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status429TooManyRequests);
        briefs.MapGet("/", ListAsync).WithSummary("The archive: briefs whose window starts in [from, to).").Produces<List<BriefStatus>>();
        briefs.MapGet("/{id}", GetAsync).WithSummary("A brief's status: queued, running, done or failed (with the reason).").Produces<BriefStatus>().ProducesProblem(404);
        briefs.MapGet("/{id}/pdf", PdfAsync).WithSummary("The brief's PDF.").Produces(200, contentType: "application/pdf").ProducesProblem(404).ProducesProblem(409);
        briefs.MapGet("/{id}/html", HtmlAsync).WithSummary("The brief's HTML, rendered from its stored facts and template version.").Produces(200, contentType: "text/html").ProducesProblem(404);
        briefs.MapPost("/{id}/rerender", RerenderAsync).WithSummary("Render an archived brief again from its stored facts and template version.")
            .Produces<BriefStatus>(StatusCodes.Status202Accepted).ProducesProblem(404).ProducesProblem(409).ProducesProblem(429);
    }

    private static async Task<IResult> CreateAsync(
        HttpRequest request, BriefBacklog queue, TemplateCatalog templates, ReportForgeDatabase database, IOptions<ServiceOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<BriefRequestBody>(request, options.Value.Api.MaxBodyBytes, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var submission = await SubmitAsync(body!, queue, templates, database, clock, cancellationToken);
        return submission switch
        {
            { Job: { } job } => Results.Accepted($"/api/briefs/{job.Id}", ToStatus(job, null)),
            { Status: StatusCodes.Status429TooManyRequests } => QueueFull(queue),
            _ => Problems.Fields(submission.Errors, submission.Status, submission.Title),
        };
    }

    /// <summary>Checks a brief request and queues it: the API and the dashboard both ask for briefs through here.</summary>
    internal static async Task<BriefSubmission> SubmitAsync(
        BriefRequestBody body, BriefBacklog queue, TemplateCatalog templates, ReportForgeDatabase database, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var timeZoneId = string.IsNullOrWhiteSpace(body.TimeZone) ? "UTC" : body.TimeZone;
        TimeZoneInfo? zone = null;
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId, out zone))
        {
            errors["timeZone"] = [$"'{timeZoneId}' is not a known IANA time zone: use e.g. UTC, Europe/London or Asia/Singapore."];
        }

        var window = ReadWindow(body, zone ?? TimeZoneInfo.Utc, errors);
        var templateSet = string.IsNullOrWhiteSpace(body.TemplateSet) ? TemplateCatalog.DefaultSet : body.TemplateSet;
        if (!templates.Contains(templateSet))
        {
            errors["templateSet"] = [$"'{templateSet}' is not a template set: use one of {string.Join(", ", templates.Names)}."];
        }

        var recipients = body.Recipients ?? [];
        if (recipients.Count > MaxRecipients)
        {
            errors["recipients"] = [$"{recipients.Count} recipients is more than {MaxRecipients}; use a subscription for a larger list."];
        }

        for (var i = 0; i < Math.Min(recipients.Count, MaxRecipients); i++)
        {
            if (!MailAddress.TryCreate(recipients[i], out var address) || address.Address != recipients[i])
            {
                errors[$"recipients[{i}]"] = [$"'{recipients[i]}' is not an email address: write it like desk@example.com."];
            }
        }

        if (errors.Count > 0)
        {
            return BriefSubmission.Refused(errors, StatusCodes.Status400BadRequest, "The request is not valid");
        }

        var field = body.Date is not null ? "date" : "from";
        if (await StoredDataProblemAsync(database, window!, cancellationToken) is { } noData)
        {
            return BriefSubmission.Refused(new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [noData] },
                StatusCodes.Status422UnprocessableEntity, "The window has no data");
        }

        var now = clock.GetUtcNow();
        var job = new BriefJob
        {
            Id = Guid.CreateVersion7(now).ToString("N"),
            Kind = BriefJob.OnDemand,
            WindowStart = window!.Start.ToUnixTimeMilliseconds(),
            WindowEnd = window.End.ToUnixTimeMilliseconds(),
            TimeZone = window.TimeZone.Id,
            TemplateSet = templateSet,
            RecipientsJson = JsonSerializer.Serialize(recipients),
            CreatedAt = now.ToUnixTimeMilliseconds(),
        };
        if (!await queue.TryEnqueueAsync(job, force: false, cancellationToken))
        {
            return BriefSubmission.Refused(
                new Dictionary<string, string[]>(StringComparer.Ordinal) { ["body"] = [$"The brief queue is full ({queue.Capacity} briefs waiting or running): try again in a minute."] },
                StatusCodes.Status429TooManyRequests, "Too many briefs at once");
        }

        return new BriefSubmission(job, new Dictionary<string, string[]>(StringComparer.Ordinal), StatusCodes.Status202Accepted, "Queued");
    }

    private static async Task<IResult> GetAsync(string id, BriefJobStore jobs, ReportArchive archive, CancellationToken cancellationToken)
    {
        if (await jobs.FindAsync(id, cancellationToken) is { } job)
        {
            var report = job.ReportId is null ? null : await archive.FindAsync(job.ReportId, cancellationToken);
            return Results.Ok(ToStatus(job, report));
        }

        return await archive.FindAsync(id, cancellationToken) is { } archived
            ? Results.Ok(ToStatus(archived))
            : UnknownBrief(id);
    }

    private static async Task<IResult> ListAsync(string? from, string? to, ReportArchive archive, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var start = ParseBound(from, "from", errors) ?? clock.GetUtcNow().AddDays(-30);
        var end = ParseBound(to, "to", errors) ?? clock.GetUtcNow().AddDays(1);
        if (errors.Count == 0 && end <= start)
        {
            errors["to"] = [$"'to' ({end:yyyy-MM-dd HH:mm}) must be after 'from' ({start:yyyy-MM-dd HH:mm})."];
        }

        if (errors.Count > 0)
        {
            return Problems.Fields(errors);
        }

        var reports = await archive.ListAsync(start, end, cancellationToken);
        return Results.Ok(reports.Select(ToStatus).ToList());
    }

    internal static async Task<IResult> PdfAsync(string id, BriefJobStore jobs, ReportArchive archive, CancellationToken cancellationToken)
    {
        var (report, problem) = await ResolveDoneAsync(id, jobs, archive, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (report!.PdfPath is null || !File.Exists(report.PdfPath))
        {
            return Problems.Field("id", $"The PDF of brief {id} is missing from the archive folder; POST /api/briefs/{id}/rerender to make it again.", StatusCodes.Status410Gone, "The PDF is gone");
        }

        return Results.File(report.PdfPath, "application/pdf", $"reportforge-{report.WindowStart.UtcDateTime:yyyy-MM-dd}-{report.Id}.pdf");
    }

    internal static async Task<IResult> HtmlAsync(string id, BriefJobStore jobs, ReportArchive archive, BriefRunner runner, CancellationToken cancellationToken)
    {
        var (report, problem) = await ResolveDoneAsync(id, jobs, archive, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        try
        {
            return Results.Content(await runner.HtmlAsync(report!, cancellationToken), "text/html; charset=utf-8");
        }
        catch (TemplateVersionMissingException e)
        {
            return Problems.Field("id", e.Message, StatusCodes.Status410Gone, "The template version is gone");
        }
    }

    private static async Task<IResult> RerenderAsync(
        string id, BriefJobStore jobs, ReportArchive archive, TemplateCatalog templates, BriefBacklog queue, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (report, problem) = await ResolveDoneAsync(id, jobs, archive, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        try
        {
            await templates.ForVersionAsync(report!.TemplateVersion, cancellationToken);
        }
        catch (TemplateVersionMissingException e)
        {
            return Problems.Conflict("id", e.Message, "The template version is gone");
        }

        var now = clock.GetUtcNow();
        var job = new BriefJob
        {
            Id = Guid.CreateVersion7(now).ToString("N"),
            Kind = BriefJob.Rerender,
            WindowStart = report.WindowStart.ToUnixTimeMilliseconds(),
            WindowEnd = report.WindowEnd.ToUnixTimeMilliseconds(),
            TimeZone = report.TimeZone,
            TemplateSet = report.TemplateSet,
            SourceReportId = report.Id,
            CreatedAt = now.ToUnixTimeMilliseconds(),
        };
        if (!await queue.TryEnqueueAsync(job, force: false, cancellationToken))
        {
            return QueueFull(queue);
        }

        return Results.Accepted($"/api/briefs/{job.Id}", ToStatus(job, null));
    }

    private static async Task<(ArchivedReport? Report, IResult? Problem)> ResolveDoneAsync(string id, BriefJobStore jobs, ReportArchive archive, CancellationToken cancellationToken)
    {
        if (await jobs.FindAsync(id, cancellationToken) is { } job)
        {
            if (job.Status != "done" || job.ReportId is null)
            {
                return (null, Problems.Conflict("id", job.Status == "failed"
                    ? $"Brief {id} failed: {job.Error} Ask for a new one with POST /api/briefs."
                    : $"Brief {id} is {job.Status}; poll GET /api/briefs/{id} until its status is done.", $"The brief is {job.Status}"));
            }

            id = job.ReportId;
        }

        var report = await archive.FindAsync(id, cancellationToken);
        if (report is null)
        {
            return (null, UnknownBrief(id));
        }

        return report.Status == "done" ? (report, null) : (null, Problems.Conflict("id", $"Brief {id} is {report.Status}: {report.Error}", $"The brief is {report.Status}"));
    }

    private static BriefWindow? ReadWindow(BriefRequestBody body, TimeZoneInfo zone, Dictionary<string, string[]> errors)
    {
        var hasDate = !string.IsNullOrWhiteSpace(body.Date);
        var hasRange = !string.IsNullOrWhiteSpace(body.From) || !string.IsNullOrWhiteSpace(body.To);
        if (hasDate == hasRange)
        {
            errors["date"] = [hasDate
                ? "Give either date or from/to, not both."
                : "Say which window to brief: \"date\": \"2025-02-03\" (that day 00:00–24:00 in timeZone), or \"from\" and \"to\" as ISO-8601 times."];
            return null;
        }

        if (hasDate)
        {
            if (!DateOnly.TryParseExact(body.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                errors["date"] = [$"'{body.Date}' is not a date: write it like 2025-02-03."];
                return null;
            }

            return BriefWindow.ForDate(day, zone);
        }

        var from = ParseTime(body.From, "from", errors);
        var to = ParseTime(body.To, "to", errors);
        if (from is null || to is null)
        {
            return null;
        }

        if (to <= from)
        {
            errors["to"] = ["'to' must be after 'from'."];
            return null;
        }

        if (to - from > TimeSpan.FromDays(31))
        {
            errors["to"] = ["A window is at most 31 days; ask for several briefs instead."];
            return null;
        }

        return new BriefWindow(from.Value.ToUniversalTime(), to.Value.ToUniversalTime(), zone);
    }

    private static DateTimeOffset? ParseTime(string? value, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors[field] = [$"'{field}' is missing: give an ISO-8601 time such as 2025-02-03T00:00:00Z."];
            return null;
        }

        if (!DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            errors[field] = [$"'{value}' is not an ISO-8601 time: write it like 2025-02-03T00:00:00Z."];
            return null;
        }

        return time;
    }

    private static DateTimeOffset? ParseBound(string? value, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return time;
        }

        errors[field] = [$"'{value}' is not a date or time: write 2025-02-03 or 2025-02-03T00:00:00Z."];
        return null;
    }

    /// <summary>Why the window cannot be briefed (nothing stored for it, with the range that is stored), or null.</summary>
    private static async Task<string?> StoredDataProblemAsync(ReportForgeDatabase database, BriefWindow window, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var range = new { start = window.Start.ToUnixTimeMilliseconds(), end = window.End.ToUnixTimeMilliseconds() };
        var hasLiquidations = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM liquidations WHERE time >= @start AND time < @end)", range, cancellationToken: cancellationToken)) == 1;
        var hasCandles = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM candles WHERE interval = '1h' AND time >= @start AND time < @end)", range, cancellationToken: cancellationToken)) == 1;
        if (hasLiquidations && hasCandles)
        {
            return null;
        }

        var stored = await connection.QuerySingleAsync<(long? First, long? Last)>(new CommandDefinition(
            "SELECT MIN(time), MAX(time) FROM liquidations", cancellationToken: cancellationToken));
        var what = (hasLiquidations, hasCandles) switch
        {
            (false, false) => "no liquidations and no hourly candles",
            (false, true) => "no liquidations",
            _ => "no hourly candles",
        };
        var have = stored.First is { } first && stored.Last is { } last
            ? $" Liquidations are stored from {DateTimeOffset.FromUnixTimeMilliseconds(first):yyyy-MM-dd} to {DateTimeOffset.FromUnixTimeMilliseconds(last):yyyy-MM-dd}."
            : " Nothing is stored yet.";
        return $"The window {window.Start:yyyy-MM-dd HH:mm}–{window.End:yyyy-MM-dd HH:mm} UTC has {what} stored: pick a window with data, or import/ingest it first.{have}";
    }

    private static RetryAfter QueueFull(BriefBacklog queue) =>
        new RetryAfter(Results.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { ["body"] = [$"The brief queue is full ({queue.Capacity} briefs waiting or running): try again in a minute."] })
        {
            Status = StatusCodes.Status429TooManyRequests,
            Title = "Too many briefs at once",
            Detail = $"The brief queue is full ({queue.Capacity} briefs); retry after the time in Retry-After.",
            Extensions = { ["retryAfterSeconds"] = 30 },
        }), 30);

    private static IResult UnknownBrief(string id) => Problems.NotFound("brief", id, "List the archive with GET /api/briefs?from=YYYY-MM-DD&to=YYYY-MM-DD.");

    private static BriefStatus ToStatus(BriefJob job, ArchivedReport? report) => new(
        job.Id, job.Kind, job.Status,
        DateTimeOffset.FromUnixTimeMilliseconds(job.WindowStart), DateTimeOffset.FromUnixTimeMilliseconds(job.WindowEnd),
        job.TimeZone, job.TemplateSet, report?.TemplateVersion, job.ReportId, report?.Headline, job.Error,
        DateTimeOffset.FromUnixTimeMilliseconds(job.CreatedAt),
        job.Status == "done" ? $"/api/briefs/{job.Id}/pdf" : null,
        job.Status == "done" ? $"/api/briefs/{job.Id}/html" : null);

    private static BriefStatus ToStatus(ArchivedReport report) => new(
        report.Id, "archive", report.Status, report.WindowStart, report.WindowEnd, report.TimeZone, report.TemplateSet, report.TemplateVersion,
        report.Id, report.Headline, report.Error, report.CreatedAt,
        report.Status == "done" ? $"/api/briefs/{report.Id}/pdf" : null,
        report.Status == "done" ? $"/api/briefs/{report.Id}/html" : null);

    /// <summary>Adds a Retry-After header to a result.</summary>
    private sealed class RetryAfter(IResult inner, int seconds) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return inner.ExecuteAsync(httpContext);
        }
    }
}
