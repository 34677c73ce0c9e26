using System.Globalization;

namespace ReportForge.Scheduler.Delivery.Folder;

/// <summary>Copies the brief's PDF into a folder; the same brief always lands on the same file name, so a repeat overwrites rather than duplicates.</summary>
public sealed class FolderChannel : IDeliveryChannel
{
    public string Name => Channels.Folder;

    public async Task SendAsync(DeliveryEnvelope envelope, Func<CancellationToken, Task> committing, CancellationToken cancellationToken)
    {
        var report = envelope.Report;
        if (report.PdfPath is null || !File.Exists(report.PdfPath))
        {
            throw new DeliveryFailedException($"The PDF of brief {report.Id} is missing from the archive.", permanent: true);
        }

        var folder = envelope.Delivery.Recipient;
        try
        {
            Directory.CreateDirectory(folder);
            var date = report.WindowStart.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var suffix = envelope.Delivery.TestId.Length > 0 ? "-test" : "";
            var target = Path.Combine(folder, $"reportforge-{date}-{report.Id}{suffix}.pdf");
            var temporary = Path.Combine(folder, "." + Path.GetFileName(target) + ".tmp-" + Guid.NewGuid().ToString("N")[..8]);
            await using (var source = File.OpenRead(report.PdfPath))
            await using (var destination = File.Create(temporary))
            {
                await source.CopyToAsync(destination, cancellationToken);
            }

            await committing(cancellationToken);
            File.Move(temporary, target, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DeliveryFailedException($"Could not write to folder '{folder}': {e.Message}", permanent: e is UnauthorizedAccessException, e);
        }
    }
}
