using Microsoft.Extensions.Options;
using ReportForge.Scheduler.Schedules;

namespace ReportForge.Scheduler.Service;

/// <summary>Checks the settings at start-up and names each bad one with its fix.</summary>
public sealed class ServiceOptionsValidator : IValidateOptions<ServiceOptions>
{
    public ValidateOptionsResult Validate(string? name, ServiceOptions options)
    {
        var failures = new List<string>();
        try
        {
            if (options.Storage.ParsedProvider == ReportForge.Data.Storage.StorageProvider.Postgres && string.IsNullOrWhiteSpace(options.Storage.ConnectionString))
            {
                failures.Add("ReportForge:Storage:ConnectionString is required when ReportForge:Storage:Provider is postgres (Host=…;Database=…;Username=…;Password=…).");
            }
        }
        catch (ArgumentException e)
        {
            failures.Add("ReportForge:Storage:Provider — " + e.Message);
        }

        for (var i = 0; i < options.Schedules.Count; i++)
        {
            var schedule = options.Schedules[i];
            var at = $"ReportForge:Schedules:{i} ({schedule.Id})";
            if (schedule.Kind is not (ScheduleDefinition.BriefKind or ScheduleDefinition.IngestKind))
            {
                failures.Add($"{at}:Kind '{schedule.Kind}' is not brief or ingest.");
            }

            if (ScheduleValidation.CronError(schedule.Cron) is { } cron)
            {
                failures.Add($"{at}:Cron — {cron}");
            }

            if (!ScheduleValidation.IsKnownTimeZone(schedule.TimeZone))
            {
                failures.Add($"{at}:TimeZone '{schedule.TimeZone}' is not a known IANA time zone (e.g. Europe/London).");
            }

            if (schedule.Kind == ScheduleDefinition.IngestKind && string.IsNullOrWhiteSpace(schedule.Source))
            {
                failures.Add($"{at}:Source is required for an ingest schedule.");
            }
        }

        if (options.Schedules.GroupBy(s => s.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            failures.Add($"ReportForge:Schedules lists '{duplicate.Key}' twice; schedule ids are unique.");
        }

        if (!ScheduleValidation.IsKnownTimeZone(options.Flash.TimeZone))
        {
            failures.Add($"ReportForge:Flash:TimeZone '{options.Flash.TimeZone}' is not a known IANA time zone.");
        }

        if (options.Flash.ThresholdUsd <= 0)
        {
            failures.Add("ReportForge:Flash:ThresholdUsd must be positive.");
        }

        if (options.Scheduler.MisfireThreshold < TimeSpan.FromSeconds(1))
        {
            failures.Add("ReportForge:Scheduler:MisfireThreshold must be at least 00:00:01.");
        }

        if (options.Scheduler.Retry.Attempts < 1 || options.Scheduler.Retry.InitialDelay < TimeSpan.Zero)
        {
            failures.Add("ReportForge:Scheduler:Retry needs Attempts ≥ 1 and a non-negative InitialDelay.");
        }

        if (options.Briefs.QueueCapacity < 1 || options.Briefs.Workers < 1)
        {
            failures.Add("ReportForge:Briefs needs QueueCapacity ≥ 1 and Workers ≥ 1.");
        }

        var cluster = options.Cluster;
        if (cluster.HeartbeatInterval < TimeSpan.FromMilliseconds(100) || cluster.NodeTimeout < cluster.HeartbeatInterval * 2)
        {
            failures.Add("ReportForge:Cluster needs HeartbeatInterval ≥ 00:00:00.1 and NodeTimeout at least twice HeartbeatInterval (a node is not taken for dead after one late heartbeat).");
        }

        if (cluster.CollectorLeaseTime < cluster.HeartbeatInterval * 2)
        {
            failures.Add("ReportForge:Cluster:CollectorLeaseTime must be at least twice HeartbeatInterval (the holder renews it every heartbeat).");
        }

        if (options.Scheduler.IdleWaitTime < TimeSpan.FromSeconds(1))
        {
            failures.Add("ReportForge:Scheduler:IdleWaitTime must be at least 00:00:01 (Quartz's minimum).");
        }

        if (options.Delivery.MaxAttempts < 1)
        {
            failures.Add("ReportForge:Delivery:MaxAttempts must be at least 1.");
        }

        if (!Uri.TryCreate(options.PublicBaseUrl, UriKind.Absolute, out _))
        {
            failures.Add($"ReportForge:PublicBaseUrl '{options.PublicBaseUrl}' is not an absolute URL (e.g. http://127.0.0.1:5080).");
        }

        foreach (var key in options.Api.Keys)
        {
            if (key.Sha256 is { } hash && (hash.Length != 64 || !hash.All(Uri.IsHexDigit)))
            {
                failures.Add($"ReportForge:Api:Keys ({key.Name}): Sha256 must be 64 hex digits (the SHA-256 of the key).");
            }
            else if (key.Sha256 is null && string.IsNullOrEmpty(key.Key))
            {
                failures.Add($"ReportForge:Api:Keys ({key.Name}): give Sha256 (preferred) or Key.");
            }
        }

        // Their own checks name each setting relative to the section (Brand:…, Pdf:…).
        failures.AddRange(options.EffectiveBrand.Validate().Select(e => "ReportForge:" + e));
        failures.AddRange(options.Pdf.Validate().Select(e => "ReportForge:" + e));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
