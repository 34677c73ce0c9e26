using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;

namespace ReportForge.Scheduler.Dashboard;

/// <summary>The chrome around every dashboard page, the forms' anti-forgery field and the small formatting rules pages share.</summary>
internal static class Layout
{
    /// <summary>Pages: scripts and frames only from this service, nothing from elsewhere; inline styles for the brief previews only.</summary>
    private const string PagePolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "frame-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'";

    /// <summary>A brief shown in a frame: its own styles and inline images, no script, no requests.</summary>
    public const string BriefPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; frame-ancestors 'self'; sandbox";

    private static readonly (string Path, string Label)[] Sections =
        [("/briefs", "Briefs"), ("/schedules", "Schedules"), ("/runs", "Runs"), ("/templates", "Templates"), ("/data", "Data")];

    /// <summary>A whole page; <c>refreshSeconds</c> reloads it that often while something runs (only when scripts are off if <c>scriptPolls</c>, as the script then polls).</summary>
    public static IResult Page(HttpContext http, string title, string section, Html body, int status = StatusCodes.Status200OK, int? refreshSeconds = null, bool scriptPolls = false)
    {
        Secure(http.Response, PagePolicy);
        var user = http.User.Identity?.IsAuthenticated == true ? http.User.Identity.Name : null;
        var nav = user is null
            ? Html.Empty
            : Html.Of($"""
                <nav aria-label="Sections">{Html.Join(Sections.Select(s => Html.Of($"""<a href="{s.Path}"{Html.When(s.Path == section, Html.Trusted(" aria-current=\"page\""))}>{s.Label}</a>""")))}</nav>
                <div class="who">{user}{Form(http, "/signout", Html.Trusted("<button type=\"submit\" class=\"link\">Sign out</button>"), "inline")}</div>
                """);
        var page = Html.Of($"""
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{title} · ReportForge</title>
            {(refreshSeconds is null ? Html.Empty : scriptPolls ? Html.Of($"<noscript><meta http-equiv=\"refresh\" content=\"{refreshSeconds}\"></noscript>") : Html.Of($"<meta http-equiv=\"refresh\" content=\"{refreshSeconds}\">"))}
            <link rel="stylesheet" href="/assets/dashboard.css">
            <script src="/assets/dashboard.js" defer></script>
            </head>
            <body>
            <header><a class="brand" href="/briefs">ReportForge</a>{nav}</header>
            <main>
            <h1>{title}</h1>
            {body}
            </main>
            </body>
            </html>
            """);
        return Results.Content(page.Value, "text/html; charset=utf-8", statusCode: status);
    }

    public static void Secure(HttpResponse response, string policy)
    {
        response.Headers.ContentSecurityPolicy = policy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "same-origin";
        response.Headers.CacheControl = "no-store";
    }

    /// <summary>A POST form carrying the anti-forgery token.</summary>
    public static Html Form(HttpContext http, string action, Html fields, string? cssClass = null) =>
        Html.Of($"""<form method="post" action="{action}"{Html.When(cssClass is not null, Html.Of($" class=\"{cssClass}\""))}>{Csrf(http)}{fields}</form>""");

    public static Html Csrf(HttpContext http)
    {
        var tokens = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        return Html.Of($"""<input type="hidden" name="{tokens.FormFieldName}" value="{tokens.RequestToken}">""");
    }

    /// <summary>What is wrong with a form, field by field.</summary>
    public static Html Errors(IDictionary<string, string[]> errors) =>
        errors.Count == 0
            ? Html.Empty
            : Html.Of($"""<div class="errors" role="alert"><p>Please fix this and try again:</p><ul>{Html.Join(errors.SelectMany(e => e.Value.Select(m => Html.Of($"<li data-field=\"{e.Key}\">{m}</li>"))))}</ul></div>""");

    public static Html FieldError(IDictionary<string, string[]> errors, string field) =>
        errors.TryGetValue(field, out var messages) ? Html.Of($"""<span class="field-error">{string.Join(" ", messages)}</span>""") : Html.Empty;

    public static Html Badge(string status)
    {
        var tone = status switch
        {
            "done" or "succeeded" or "sent" or "ok" or "active" or "complete" => "good",
            "failed" or "error" or "uncertain" or "missing" => "bad",
            "paused" or "retrying" or "interrupted" or "partial" => "warn",
            _ => "neutral",
        };
        return Html.Of($"""<span class="badge {tone}">{status}</span>""");
    }

    public static string Time(DateTimeOffset? time) =>
        time is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) : "—";

    public static string Time(long? unixMilliseconds) =>
        unixMilliseconds is { } ms ? Time(DateTimeOffset.FromUnixTimeMilliseconds(ms)) : "—";

    public static string Duration(long startedAt, long? finishedAt)
    {
        if (finishedAt is not { } end)
        {
            return "running";
        }

        var span = TimeSpan.FromMilliseconds(Math.Max(0, end - startedAt));
        return span.TotalSeconds < 60
            ? span.TotalSeconds.ToString("0.0 's'", CultureInfo.InvariantCulture)
            : span.TotalMinutes < 60 ? $"{(int)span.TotalMinutes} min {span.Seconds} s" : $"{(int)span.TotalHours} h {span.Minutes} min";
    }

    /// <summary>A link target that stays on this site (no scheme, no host, no protocol-relative //).</summary>
    public static string LocalOrDefault(string? returnUrl, string fallback) =>
        returnUrl is { Length: > 1 } url && url[0] == '/' && url[1] is not ('/' or '\\') ? url : fallback;

    public static Html Options(IEnumerable<string> options, string? selected) =>
        Html.Join(options.Select(o => Html.Of($"<option{Html.When(o == selected, Html.Trusted(" selected"))}>{o}</option>")));
}
