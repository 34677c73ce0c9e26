using System.Security.Claims;
using Microsoft.Extensions.Options;
using ReportForge.Scheduler.Api;

namespace ReportForge.Scheduler.Dashboard.SignIn;

/// <summary>Who may sign in: a configured user with the right password, or anyone holding a valid API key.</summary>
public sealed class SignInService(ApiKeys keys, IOptions<DashboardOptions> options)
{
    // Checked against a hash even for an unknown name, so a wrong name takes as long as a wrong password.
    private static readonly string Decoy = PasswordHasher.Hash("not a password", 10_000);

    /// <summary>The signed-in identity, or null when the name and secret do not match.</summary>
    /// <remarks>An empty name means the secret is an API key.</remarks>
    public async Task<ClaimsPrincipal?> CheckAsync(string? name, string? secret, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(secret) || secret.Length > 1024)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(name))
        {
            return await keys.IsValidAsync(secret, cancellationToken) ? Principal("API key holder", "api-key") : null;
        }

        var user = options.Value.Users.FirstOrDefault(u => string.Equals(u.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));
        var matches = PasswordHasher.Verify(secret, user?.PasswordHash ?? Decoy);
        return user is not null && matches ? Principal(user.Name, "password") : null;
    }

    private static ClaimsPrincipal Principal(string name, string method) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim("method", method)], DashboardEndpoints.Scheme));
}
