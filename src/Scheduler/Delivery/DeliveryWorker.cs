using Microsoft.Extensions.Options;
using ReportForge.Data.Archive;
using ReportForge.Scheduler.Service;

namespace ReportForge.Scheduler.Delivery;

/// <summary>Sends due deliveries: claims each row before sending, retries with capped exponential back-off, tells the owner when it gives up.</summary>
public sealed class DeliveryWorker(
    DeliveryStore deliveries,
    SubscriptionStore subscriptions,
    ReportArchive archive,
    IEnumerable<IDeliveryChannel> channels,
    DeliverySignal signal,
    OwnerAlerts alerts,
    IOptions<ServiceOptions> options,
    TimeProvider clock,
    ILogger<DeliveryWorker> logger) : BackgroundService
{
    private readonly Dictionary<string, IDeliveryChannel> _channels = channels.ToDictionary(c => c.Name, StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var due = await deliveries.DueAsync(20, stoppingToken);
                foreach (var delivery in due)
                {
                    await AttemptAsync(delivery, stoppingToken);
                }

                if (due.Count < 20)
                {
                    await signal.WaitAsync(options.Value.Delivery.PollInterval, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The worker must outlive a failing database call; the next poll tries again.
            catch (Exception e)
#pragma warning restore CA1031
            {
                logger.LogError(e, "Delivery pass failed");
                await Task.Delay(options.Value.Delivery.PollInterval, clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <summary>One attempt at one delivery.</summary>
    internal async Task AttemptAsync(DeliveryRecord delivery, CancellationToken cancellationToken)
    {
        if (!await deliveries.TryClaimAsync(delivery.Id, cancellationToken))
        {
            return;
        }

        var attempt = delivery.Attempts + 1;
        try
        {
            var report = await archive.FindAsync(delivery.ReportId, cancellationToken)
                         ?? throw new DeliveryFailedException($"Brief {delivery.ReportId} is no longer in the archive.", permanent: true);
            var subscription = delivery.SubscriptionId.Length == 0 ? null : await subscriptions.FindAsync(delivery.SubscriptionId, cancellationToken);
            if (!_channels.TryGetValue(delivery.Channel, out var channel))
            {
                throw new DeliveryFailedException($"No channel '{delivery.Channel}'.", permanent: true);
            }

            await channel.SendAsync(new DeliveryEnvelope(delivery, report, subscription),
                ct => deliveries.MarkCommittingAsync(delivery.Id, ct), cancellationToken);
            await deliveries.MarkSentAsync(delivery.Id, CancellationToken.None);
            logger.LogInformation("Delivered brief {Report} by {Channel} to {Recipient}", delivery.ReportId, delivery.Channel, delivery.Recipient);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping mid-send: resolved like a crash at the next start (see DeliveryStore.RecoverAsync).
            throw;
        }
#pragma warning disable CA1031 // Any failure of a send is recorded on the delivery and retried.
        catch (Exception e)
#pragma warning restore CA1031
        {
            var permanent = e is DeliveryFailedException { Permanent: true };
            var max = options.Value.Delivery.MaxAttempts;
            if (permanent || attempt >= max)
            {
                await deliveries.MarkFailedAsync(delivery.Id, e.Message, CancellationToken.None);
                await alerts.RaiseAsync("delivery-failed",
                    $"Delivery of brief {delivery.ReportId} to {delivery.Recipient} ({delivery.Channel}) failed",
                    $"{(permanent ? "Refused" : $"Gave up after {attempt} attempts")}: {e.Message}. Fix the cause, then POST /api/deliveries/{delivery.Id}/retry.",
                    CancellationToken.None);
            }
            else
            {
                var next = clock.GetUtcNow() + BackOff(attempt);
                await deliveries.MarkRetryAsync(delivery.Id, e.Message, next, CancellationToken.None);
                logger.LogWarning("Delivery {Delivery} attempt {Attempt} failed, next at {Next:O}: {Error}", delivery.Id, attempt, next, e.Message);
            }
        }
    }

    /// <summary>Initial delay × 2^(attempt−1), capped.</summary>
    internal TimeSpan BackOff(int attempt)
    {
        var settings = options.Value.Delivery;
        var delay = settings.InitialDelay * Math.Pow(2, Math.Min(attempt - 1, 30));
        return delay > settings.MaxDelay ? settings.MaxDelay : delay;
    }
}
