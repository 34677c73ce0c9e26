using System.Globalization;
using Quartz;


namespace ReportForge.Scheduler.Schedules;

/// <summary>What a Quartz firing says about itself, in the words of the execution history.</summary>
internal static class ScheduleRunContext
{
    public static string ScheduleId(IJobExecutionContext context) =>
        context.MergedJobDataMap.GetString(ScheduleService.ScheduleIdKey) ?? context.JobDetail.Key.Name;

    /// <summary>The time the firing was due; for a recovered firing, the original one's (a recovery trigger fires later).</summary>
    public static DateTimeOffset ScheduledFor(IJobExecutionContext context)
    {
        if (context.Recovering && context.MergedJobDataMap.GetString(SchedulerConstants.FailedJobOriginalTriggerScheduledFireTime) is { } original)
        {
            if (long.TryParse(original, NumberStyles.Integer, CultureInfo.InvariantCulture, out var milliseconds))
            {
                return DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
            }

            if (DateTimeOffset.TryParse(original, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
            {
                return time.ToUniversalTime();
            }
        }

        return context.ScheduledFireTimeUtc ?? context.FireTimeUtc;
    }

    /// <summary>schedule, manual, misfire, retry or recovery.</summary>
    public static string Cause(IJobExecutionContext context)
    {
        if (context.Recovering)
        {
            return "recovery";
        }

        if (context.RetryAttempt > 0)
        {
            return "retry";
        }

        if (context.MergedJobDataMap.GetString(ScheduleService.CauseKey) is { } cause)
        {
            return cause;
        }

        var late = context.FireTimeUtc - ScheduledFor(context);
        return late > context.Trigger.MisfireThreshold.GetValueOrDefault(TimeSpan.FromMinutes(1)) ? "misfire" : "schedule";
    }

    /// <summary>True when a failure of this attempt will not be retried.</summary>
    public static bool IsLastAttempt(IJobExecutionContext context) =>
        context.RetryPolicy is not { } policy || policy == RetryPolicy.None || context.RetryAttempt >= policy.MaxAttempts;
}
