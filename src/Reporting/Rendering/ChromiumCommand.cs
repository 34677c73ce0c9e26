namespace ReportForge.Reporting.Rendering;

/// <summary>Deadlines for the commands that open and close Chromium's pages and browsers.</summary>
/// <remarks>
/// Chromium answers these in milliseconds. One that has not answered in <see cref="Timeout"/> never will: its
/// browser died between the command and its answer (a page being opened as the browser is killed is never
/// reported closed), or the browser is wedged. Without a deadline the brief waiting on it would wait forever.
/// </remarks>
internal static class ChromiumCommand
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>The command's result, or <see cref="ChromiumUnresponsiveException"/> when Chromium does not answer in time.</summary>
    public static async Task<T> WithinDeadlineAsync<T>(Task<T> command, string what)
    {
        try
        {
            return await command.WaitAsync(Timeout);
        }
        catch (TimeoutException)
        {
            Abandon(command);
            throw new ChromiumUnresponsiveException(what, Timeout);
        }
    }

    /// <summary>Waits for the command, or throws <see cref="ChromiumUnresponsiveException"/> when Chromium does not answer in time.</summary>
    public static async Task WithinDeadlineAsync(Task command, string what)
    {
        try
        {
            await command.WaitAsync(Timeout);
        }
        catch (TimeoutException)
        {
            Abandon(command);
            throw new ChromiumUnresponsiveException(what, Timeout);
        }
    }

    /// <summary>Waits for a command whose outcome does not matter (closing what is being given up); false when it did not answer in time.</summary>
    public static async Task<bool> TryWithinDeadlineAsync(Task command)
    {
        try
        {
            await command.WaitAsync(Timeout);
            return true;
        }
        catch (TimeoutException)
        {
            Abandon(command);
            return false;
        }
    }

    /// <summary>Lets a command finish (or fail) unobserved, without an unobserved-exception report.</summary>
    public static void Abandon(Task command) =>
        _ = command.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
}

/// <summary>Chromium did not answer a command within its deadline; the browser is replaced.</summary>
public sealed class ChromiumUnresponsiveException(string what, TimeSpan limit)
    : Exception(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Chromium did not {what} within {limit.TotalSeconds:0} s; the browser is replaced."));
