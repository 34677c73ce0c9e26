using System.CommandLine;
using ReportForge.Scheduler.Dashboard.SignIn;

namespace ReportForge.Scheduler.Cli;

/// <summary>`reportforge dashboard hash-password`: the PBKDF2 hash of a dashboard user's password, for configuration.</summary>
internal static class DashboardCommand
{
    public static Command Create()
    {
        var command = new Command("dashboard", "Settings of the web dashboard served by `reportforge serve`.");
        var hash = new Command("hash-password",
            "Read a password from standard input and print its hash for ReportForge:Dashboard:Users:N:PasswordHash (the password itself is stored nowhere).");
        hash.SetAction(async (parse, cancellationToken) =>
        {
            var password = await Console.In.ReadLineAsync(cancellationToken);
            if (string.IsNullOrEmpty(password) || password.Length < 12)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync("Give a password of at least 12 characters on standard input, e.g. `read -s p; echo \"$p\" | reportforge dashboard hash-password`.");
                return 1;
            }

            await parse.InvocationConfiguration.Output.WriteLineAsync(PasswordHasher.Hash(password));
            return 0;
        });
        command.Subcommands.Add(hash);
        return command;
    }
}
