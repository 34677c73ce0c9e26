using System.Reflection;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ReportForge.Scheduler.Dashboard.Briefs;
using ReportForge.Scheduler.Dashboard.Data;
using ReportForge.Scheduler.Dashboard.Runs;
using ReportForge.Scheduler.Dashboard.Schedules;
using ReportForge.Scheduler.Dashboard.SignIn;
using ReportForge.Scheduler.Dashboard.Templates;

namespace ReportForge.Scheduler.Dashboard;

/// <summary>The web dashboard at /: sign-in, briefs, schedules, runs, templates and data, for people who do not use the API.</summary>
public static class DashboardEndpoints
{
    /// <summary>The cookie scheme of a dashboard session.</summary>
    public const string Scheme = "ReportForge.Dashboard";

    private const string Policy = "dashboard";

    /// <summary>Cookie sign-in, anti-forgery tokens and the dashboard's settings.</summary>
    public static IServiceCollection AddDashboard(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(DashboardOptions.Section);
        var lifetime = (section.Get<DashboardOptions>() ?? new DashboardOptions()).SessionLifetime;
        services.AddOptions<DashboardOptions>().Bind(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DashboardOptions>, DashboardOptionsValidator>();
        services.AddAuthentication(Scheme).AddCookie(Scheme, cookie =>
        {
            cookie.Cookie.Name = "rf.session";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.LoginPath = "/signin";
            cookie.LogoutPath = "/signout";
            cookie.AccessDeniedPath = "/signin";
            cookie.ReturnUrlParameter = "returnUrl";
            cookie.ExpireTimeSpan = lifetime;
            cookie.SlidingExpiration = true;
        });
        services.AddAuthorization(o => o.AddPolicy(Policy, p => p.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser()));
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "rf.csrf";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.HttpOnly = true;
            o.FormFieldName = "__csrf";
            o.HeaderName = null;
        });
        services.AddSingleton<SignInService>();
        services.AddSingleton<DataCoverage>();
        services.TryAddSingleton(sp => new ReportForge.Data.Runs.IngestRunStore(sp.GetRequiredService<ReportForge.Data.Storage.ReportForgeDatabase>(), sp.GetRequiredService<TimeProvider>()));
        return services;
    }

    /// <summary>Maps the pages; every POST checks its anti-forgery token.</summary>
    public static void Map(WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapGet("/", () => Results.Redirect("/briefs")).ExcludeFromDescription();
        app.MapGet("/assets/{name}", Asset).ExcludeFromDescription().AllowAnonymous();

        var open = app.MapGroup("").ExcludeFromDescription().AddEndpointFilter<AntiforgeryFilter>();
        SignInPages.Map(open);

        var pages = app.MapGroup("").ExcludeFromDescription().RequireAuthorization(Policy).AddEndpointFilter<AntiforgeryFilter>();
        BriefPages.Map(pages);
        SchedulePages.Map(pages);
        RunPages.Map(pages);
        TemplatePages.Map(pages);
        DataPages.Map(pages);
    }

    private static IResult Asset(string name, HttpContext http)
    {
        var type = Path.GetExtension(name) switch
        {
            ".css" => "text/css; charset=utf-8",
            ".js" => "text/javascript; charset=utf-8",
            _ => null,
        };
        var stream = type is null ? null : Assembly.GetExecutingAssembly().GetManifestResourceStream("ReportForge.Scheduler.Dashboard.Assets." + name);
        if (stream is null)
        {
            return Results.NotFound();
        }

        http.Response.Headers.CacheControl = "public, max-age=3600";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return Results.Stream(stream, type);
    }

    /// <summary>Refuses a POST whose anti-forgery token is missing or does not match the session's cookie.</summary>
    internal sealed class AntiforgeryFilter(IAntiforgery antiforgery) : IEndpointFilter
    {
        public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
        {
            var http = context.HttpContext;
            if (HttpMethods.IsPost(http.Request.Method))
            {
                try
                {
                    await antiforgery.ValidateRequestAsync(http);
                }
                catch (AntiforgeryValidationException)
                {
                    return Layout.Page(http, "The form has expired", "",
                        Html.Of($"""<p>This form was not sent from a page of this dashboard, or it is too old. Go back, reload the page and send it again.</p><p><a href="/briefs">Back to the briefs</a></p>"""),
                        StatusCodes.Status400BadRequest);
                }
            }

            return await next(context);
        }
    }
}
