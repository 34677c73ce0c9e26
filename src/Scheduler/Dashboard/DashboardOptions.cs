using Microsoft.Extensions.Options;
using ReportForge.Scheduler.Dashboard.SignIn;

namespace ReportForge.Scheduler.Dashboard;

/// <summary>The dashboard's settings: section "ReportForge:Dashboard".</summary>
public sealed class DashboardOptions
{
    public const string Section = "ReportForge:Dashboard";

    /// <summary>People who sign in with a name and password (anyone holding an API key may sign in with it too).</summary>
    public List<DashboardUser> Users { get; set; } = [];

    /// <summary>How long a sign-in lasts without use.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);
}

/// <summary>A configured user: a name and the PBKDF2 hash of the password (make one with `reportforge dashboard hash-password`).</summary>
public sealed class DashboardUser
{
    public string Name { get; set; } = "";

    /// <summary>pbkdf2-sha256$iterations$salt$hash, salt and hash in base64.</summary>
    public string PasswordHash { get; set; } = "";
}

/// <summary>Refuses a user without a name or with a malformed hash at start-up, saying how to make one.</summary>
internal sealed class DashboardOptionsValidator : IValidateOptions<DashboardOptions>
{
    public ValidateOptionsResult Validate(string? name, DashboardOptions options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.Users.Count; i++)
        {
            var user = options.Users[i];
            if (string.IsNullOrWhiteSpace(user.Name))
            {
                failures.Add($"{DashboardOptions.Section}:Users:{i}:Name is empty: give each user a name to sign in with.");
            }

            if (!PasswordHasher.IsWellFormed(user.PasswordHash))
            {
                failures.Add($"{DashboardOptions.Section}:Users:{i} ({user.Name}): PasswordHash is not a pbkdf2-sha256 hash; make one with `reportforge dashboard hash-password` and paste its output.");
            }
        }

        if (options.Users.GroupBy(u => u.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            failures.Add($"{DashboardOptions.Section}:Users lists '{twice.Key}' twice; user names are unique.");
        }

        if (options.SessionLifetime < TimeSpan.FromMinutes(1))
        {
            failures.Add($"{DashboardOptions.Section}:SessionLifetime must be at least 00:01:00.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
