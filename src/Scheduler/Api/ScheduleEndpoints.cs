using System.Globalization;
using Microsoft.Extensions.Options;
using ReportForge.Scheduler.Briefs;
using ReportForge.Scheduler.Ingest;
using ReportForge.Scheduler.Schedules;
using ReportForge.Scheduler.Service;

namespace ReportForge.Scheduler.Api;

/// <summary>POST/PUT /api/schedules: a schedule's fields (PUT may leave out what does not change).</summary>
public sealed record ScheduleBody
{
    public string? Id { get; init; }
    public string? Kind { get; init; }
    public string? Cron { get; init; }
    public string? TimeZone { get; init; }
    public string? Source { get; init; }
    public string? TemplateSet { get; init; }
    public int? WindowDaysBack { get; init; }
}

/// <summary>POST /api/schedules/{id}/pause.</summary>
public sealed record PauseBody
{
    public string? Reason { get; init; }
}

/// <summary>A schedule as the API shows it.</summary>
public sealed record ScheduleView(
    string Id,
    string Kind,
    string Cron,
    string TimeZone,
    string? Source,
    string TemplateSet,
    int WindowDaysBack,
    string Origin,
    bool Paused,
    string? PausedReason,
    DateTimeOffset? PausedAt,
    string TriggerState,
    IReadOnlyList<DateTimeOffset> NextFireTimes);

/// <summary>A run from the execution history.</summary>
public sealed record ScheduleRunView(
    long Id, DateTimeOffset ScheduledFor, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, int Attempt, string Cause, string Outcome, string? ReportId, string? Detail);

/// <summary>Schedules: list, create, change, pause with a reason, resume, delete, run now, history.</summary>
internal static class ScheduleEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var schedules = api.MapGroup("/schedules").WithTags("Schedules");
        schedules.MapGet("/", ListAsync).WithSummary("Every schedule with its state and next firings.").Produces<List<ScheduleView>>();
        schedules.MapGet("/{id}", GetAsync).WithSummary("One schedule.").Produces<ScheduleView>().ProducesProblem(404);
        schedules.MapPost("/", CreateAsync).WithSummary("Create a schedule: cron expression with seconds, IANA time zone.")
            .Accepts<ScheduleBody>("application/json").Produces<ScheduleView>(201).ProducesProblem(400).ProducesProblem(409);
        schedules.MapPut("/{id}", ChangeAsync).WithSummary("Change a schedule; fields left out keep their value.")
            .Accepts<ScheduleBody>("application/json").Produces<ScheduleView>().ProducesProblem(400).ProducesProblem(404);
        schedules.MapPost("/{id}/pause", PauseAsync).WithSummary("Pause a schedule, saying why.").Accepts<PauseBody>("application/json").Produces<ScheduleView>().ProducesProblem(404);
        schedules.MapPost("/{id}/resume", ResumeAsync).WithSummary("Resume a paused schedule.").Produces<ScheduleView>().ProducesProblem(404);
        schedules.MapDelete("/{id}", DeleteAsync).WithSummary("Delete a schedule.").Produces(204).ProducesProblem(404);
        schedules.MapPost("/{id}/run", RunAsync).WithSummary("Run a schedule now, outside its timetable.").Produces(202).ProducesProblem(404);
        schedules.MapGet("/{id}/runs", RunsAsync).WithSummary("The schedule's execution history, newest first.").Produces<List<ScheduleRunView>>().ProducesProblem(404);
    }

    private static async Task<IResult> ListAsync(ScheduleStore store, ScheduleService service, CancellationToken cancellationToken)
    {
        var views = new List<ScheduleView>();
        foreach (var schedule in await store.AllAsync(cancellationToken))
        {
            views.Add(await ViewAsync(schedule, service, 3, cancellationToken));
        }

        return Results.Ok(views);
    }

    private static async Task<IResult> GetAsync(string id, ScheduleStore store, ScheduleService service, CancellationToken cancellationToken) =>
        await store.FindAsync(id, cancellationToken) is { } schedule ? Results.Ok(await ViewAsync(schedule, service, 5, cancellationToken)) : UnknownSchedule(id);

    private static async Task<IResult> CreateAsync(
        HttpRequest request, ScheduleStore store, ScheduleService service, TemplateCatalog templates, IIngestRunner ingest, IOptions<ServiceOptions> options, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<ScheduleBody>(request, options.Value.Api.MaxBodyBytes, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var schedule = new ScheduleDefinition
        {
            Id = body!.Id ?? "",
            Kind = body.Kind ?? ScheduleDefinition.BriefKind,
            Cron = body.Cron ?? "",
            TimeZone = body.TimeZone ?? "",
            Source = body.Source,
            TemplateSet = body.TemplateSet ?? TemplateCatalog.DefaultSet,
            WindowDaysBack = body.WindowDaysBack ?? 1,
            Origin = "api",
        };
        var errors = ScheduleValidation.Validate(schedule, templates.Names, ingest.Sources);
        if (errors.Count > 0)
        {
            return Problems.Fields(errors);
        }

        if (await store.FindAsync(schedule.Id, cancellationToken) is not null)
        {
            return Problems.Conflict("id", $"A schedule '{schedule.Id}' exists already: change it with PUT /api/schedules/{schedule.Id}, or pick another id.", "The schedule exists");
        }

        var saved = await service.SaveAsync(schedule, cancellationToken);
        return Results.Created($"/api/schedules/{saved.Id}", await ViewAsync(saved, service, 5, cancellationToken));
    }

    private static async Task<IResult> ChangeAsync(
        string id, HttpRequest request, ScheduleStore store, ScheduleService service, TemplateCatalog templates, IIngestRunner ingest, IOptions<ServiceOptions> options, CancellationToken cancellationToken)
    {
        var existing = await store.FindAsync(id, cancellationToken);
        if (existing is null)
        {
            return UnknownSchedule(id);
        }

        var (body, problem) = await JsonBody.ReadAsync<ScheduleBody>(request, options.Value.Api.MaxBodyBytes, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (body!.Id is { } bodyId && bodyId != id)
        {
            return Problems.Field("id", $"The body names schedule '{bodyId}' but the URL names '{id}': leave id out, or make them match.");
        }

        var changed = existing with
        {
            Kind = body.Kind ?? existing.Kind,
            Cron = body.Cron ?? existing.Cron,
            TimeZone = body.TimeZone ?? existing.TimeZone,
            Source = body.Source ?? existing.Source,
            TemplateSet = body.TemplateSet ?? existing.TemplateSet,
            WindowDaysBack = body.WindowDaysBack ?? existing.WindowDaysBack,
        };
        var errors = ScheduleValidation.Validate(changed, templates.Names, ingest.Sources);
        if (errors.Count > 0)
        {
            return Problems.Fields(errors);
        }

        var saved = await service.SaveAsync(changed, cancellationToken);
        return Results.Ok(await ViewAsync(saved, service, 5, cancellationToken));
    }

    private static async Task<IResult> PauseAsync(string id, HttpRequest request, ScheduleService service, IOptions<ServiceOptions> options, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<PauseBody>(request, options.Value.Api.MaxBodyBytes, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (string.IsNullOrWhiteSpace(body!.Reason) || body.Reason.Length > 500)
        {
            return Problems.Field("reason", "Say why the schedule is paused, in 1–500 characters, e.g. {\"reason\": \"exchange outage, data incomplete\"}.");
        }

        return await service.PauseAsync(id, body.Reason.Trim(), cancellationToken) is { } paused
            ? Results.Ok(await ViewAsync(paused, service, 3, cancellationToken))
            : UnknownSchedule(id);
    }

    private static async Task<IResult> ResumeAsync(string id, ScheduleService service, CancellationToken cancellationToken) =>
        await service.ResumeAsync(id, cancellationToken) is { } resumed ? Results.Ok(await ViewAsync(resumed, service, 3, cancellationToken)) : UnknownSchedule(id);

    private static async Task<IResult> DeleteAsync(string id, ScheduleService service, CancellationToken cancellationToken) =>
        await service.DeleteAsync(id, cancellationToken) ? Results.NoContent() : UnknownSchedule(id);

    private static async Task<IResult> RunAsync(string id, ScheduleService service, CancellationToken cancellationToken) =>
        await service.RunNowAsync(id, cancellationToken)
            ? Results.Accepted($"/api/schedules/{id}/runs", new { scheduleId = id, status = "fired" })
            : UnknownSchedule(id);

    private static async Task<IResult> RunsAsync(string id, int? limit, ScheduleStore store, ScheduleRunStore runs, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(id, cancellationToken) is null)
        {
            return UnknownSchedule(id);
        }

        if (limit is < 1 or > 1000)
        {
            return Problems.Field("limit", $"{limit.Value.ToString(CultureInfo.InvariantCulture)} is out of range: use 1 to 1000.");
        }

        var history = await runs.ForScheduleAsync(id, limit ?? 50, cancellationToken);
        return Results.Ok(history.Select(r => new ScheduleRunView(
            r.Id, DateTimeOffset.FromUnixTimeMilliseconds(r.ScheduledFor), DateTimeOffset.FromUnixTimeMilliseconds(r.StartedAt),
            r.FinishedAt is { } f ? DateTimeOffset.FromUnixTimeMilliseconds(f) : null, r.Attempt, r.Cause, r.Outcome, r.ReportId, r.Detail)).ToList());
    }

    private static IResult UnknownSchedule(string id) => Problems.NotFound("schedule", id, "List the schedules with GET /api/schedules.");

    private static async Task<ScheduleView> ViewAsync(ScheduleDefinition schedule, ScheduleService service, int next, CancellationToken cancellationToken) => new(
        schedule.Id, schedule.Kind, schedule.Cron, schedule.TimeZone, schedule.Source, schedule.TemplateSet, schedule.WindowDaysBack, schedule.Origin,
        schedule.IsPaused, schedule.PausedReason, schedule.PausedAt is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(at) : null,
        (await service.StateAsync(schedule.Id, cancellationToken)).ToString(),
        schedule.IsPaused ? [] : await service.NextFireTimesAsync(schedule, next, cancellationToken));
}
