using Microsoft.Extensions.Options;
using ReportForge.Scheduler.Schedules;

namespace ReportForge.Scheduler.Service;

/// <summary>At start-up, before Quartz starts: writes the configured schedules and makes Quartz hold every stored one.</summary>
public sealed class ScheduleStartup(
    ScheduleStore store,
    ScheduleService service,
    IOptions<ServiceOptions> options,
    TimeProvider clock,
    ILogger<ScheduleStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var configured = options.Value.Schedules.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var config in options.Value.Schedules)
        {
            var existing = await store.FindAsync(config.Id, cancellationToken);
            var schedule = new ScheduleDefinition
            {
                Id = config.Id,
                Kind = config.Kind,
                Cron = config.Cron,
                TimeZone = config.TimeZone,
                Source = config.Source,
                TemplateSet = config.TemplateSet,
                WindowDaysBack = config.WindowDaysBack,
                Origin = "config",
                // A pause made through the API outlives a restart.
                PausedAt = existing?.PausedAt,
                PausedReason = existing?.PausedReason,
                CreatedAt = existing?.CreatedAt ?? now,
                UpdatedAt = existing is null || existing.Cron != config.Cron || existing.TimeZone != config.TimeZone ? now : existing.UpdatedAt,
            };
            await store.UpsertAsync(schedule, cancellationToken);
        }

        foreach (var schedule in await store.AllAsync(cancellationToken))
        {
            if (schedule.Origin == "config" && !configured.Contains(schedule.Id))
            {
                logger.LogInformation("Schedule {Schedule} was removed from the configuration; deleting it", schedule.Id);
                await service.DeleteAsync(schedule.Id, cancellationToken);
                continue;
            }

            await service.ApplyAsync(schedule, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
