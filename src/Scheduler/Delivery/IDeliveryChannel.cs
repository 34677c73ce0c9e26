using ReportForge.Data.Archive;

namespace ReportForge.Scheduler.Delivery;

/// <summary>Sends one brief to one recipient: email, webhook or folder.</summary>
public interface IDeliveryChannel
{
    /// <summary>email, webhook or folder.</summary>
    string Name { get; }

    /// <summary>Sends; calls <paramref name="committing"/> just before the step after which the send cannot be taken back.</summary>
    /// <exception cref="DeliveryFailedException">The attempt failed; says whether trying again can help.</exception>
    Task SendAsync(DeliveryEnvelope envelope, Func<CancellationToken, Task> committing, CancellationToken cancellationToken);
}

/// <summary>What a channel needs to send: the delivery, the archived brief and its subscription.</summary>
public sealed record DeliveryEnvelope(DeliveryRecord Delivery, ArchivedReport Report, Subscription? Subscription);

/// <summary>A delivery attempt failed; <see cref="Permanent"/> when trying again cannot help.</summary>
public sealed class DeliveryFailedException(string message, bool permanent, Exception? inner = null) : Exception(message, inner)
{
    public bool Permanent { get; } = permanent;
}
