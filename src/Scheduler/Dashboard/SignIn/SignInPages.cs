using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace ReportForge.Scheduler.Dashboard.SignIn;

/// <summary>GET/POST /signin and POST /signout.</summary>
internal static class SignInPages
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/signin", (HttpContext http, string? returnUrl, IOptions<DashboardOptions> options) => Form(http, returnUrl, null, options.Value));
        group.MapPost("/signin", SignInAsync);
        group.MapPost("/signout", async (HttpContext http) =>
        {
            await http.SignOutAsync(DashboardEndpoints.Scheme);
            return Results.Redirect("/signin");
        });
    }

    private static async Task<IResult> SignInAsync(HttpContext http, SignInService signIn, IOptions<DashboardOptions> options, CancellationToken cancellationToken)
    {
        var form = await http.Request.ReadFormAsync(cancellationToken);
        var returnUrl = form["returnUrl"].ToString();
        var principal = await signIn.CheckAsync(form["name"], form["secret"], cancellationToken);
        if (principal is null)
        {
            // A moment's pause makes guessing slow without locking anyone out.
            await Task.Delay(TimeSpan.FromMilliseconds(400), cancellationToken);
            return Form(http, returnUrl, "That name and password (or API key) were not recognised. Check them and try again.", options.Value);
        }

        await http.SignInAsync(DashboardEndpoints.Scheme, principal);
        return Results.Redirect(Layout.LocalOrDefault(returnUrl, "/briefs"));
    }

    private static IResult Form(HttpContext http, string? returnUrl, string? error, DashboardOptions options)
    {
        var hint = options.Users.Count == 0
            ? "Sign in with an API key (leave the name empty). Create one with <code>reportforge apikey create --name &lt;who&gt;</code>."
            : "Sign in with your name and password, or leave the name empty and give an API key.";
        var body = Html.Of($"""
            <p class="lead">{Html.Trusted(hint)}</p>
            {Html.When(error is not null, Html.Of($"<div class=\"errors\" role=\"alert\"><p>{error}</p></div>"))}
            {Layout.Form(http, "/signin", Html.Of($"""
                <input type="hidden" name="returnUrl" value="{Layout.LocalOrDefault(returnUrl, "/briefs")}">
                <label>Name <input name="name" autocomplete="username"></label>
                <label>Password or API key <input name="secret" type="password" autocomplete="current-password" required></label>
                <button type="submit">Sign in</button>
                """), "stack narrow")}
            """);
        return Layout.Page(http, "Sign in", "", body, error is null ? StatusCodes.Status200OK : StatusCodes.Status401Unauthorized);
    }
}
