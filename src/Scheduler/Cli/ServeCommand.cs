using System.CommandLine;
using Microsoft.Extensions.Options;
using ReportForge.Data.Storage;
using ReportForge.Reporting.Rendering;
using ReportForge.Reporting.Templates;
using ReportForge.Scheduler.Service;

namespace ReportForge.Scheduler.Cli;

/// <summary>`reportforge serve`: the scheduler, the API and the deliveries, on 127.0.0.1 unless --urls says otherwise.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string?>("--urls") { Description = "Where to listen (default http://127.0.0.1:5080, from appsettings.json)" };
        var command = new Command("serve", "Run the scheduler, the web API and the deliveries until stopped (Ctrl+C or SIGTERM finish running work first).");
        command.Options.Add(urls);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = new Dictionary<string, string?>(StringComparer.Ordinal);
            // --data-dir (or REPORTFORGE_DATA_DIR) wins only when given; otherwise appsettings / ReportForge__DataDirectory decide.
            if (parse.GetResult(ReportForgeCli.DataDir) is { Implicit: false } || Environment.GetEnvironmentVariable("REPORTFORGE_DATA_DIR") is { Length: > 0 })
            {
                settings[$"{ServiceOptions.Section}:DataDirectory"] = parse.GetRequiredValue(ReportForgeCli.DataDir);
            }

            // --storage / --connection-string win only when given; otherwise appsettings / ReportForge__Storage__* decide.
            if (parse.GetResult(ReportForgeCli.StorageProvider) is { Implicit: false })
            {
                settings[$"{ServiceOptions.Section}:Storage:Provider"] = parse.GetRequiredValue(ReportForgeCli.StorageProvider);
            }

            if (parse.GetResult(ReportForgeCli.ConnectionString) is { Implicit: false })
            {
                settings[$"{ServiceOptions.Section}:Storage:ConnectionString"] = parse.GetValue(ReportForgeCli.ConnectionString);
            }

            if (parse.GetValue(urls) is { Length: > 0 } listen)
            {
                settings["Urls"] = listen;
            }

            try
            {
                await using var app = await ServiceHost.BuildAsync([], settings, cancellationToken);
                await app.StartAsync(cancellationToken);
                // Stops on the host's own signal handling or on the command line's cancellation, whichever comes first.
                await app.WaitForShutdownAsync(cancellationToken);
                return 0;
            }
            catch (Exception e) when (e is OptionsValidationException or SchemaTooNewException or ChromiumNotFoundException
                                          or TemplateCompileException or DirectoryNotFoundException or IOException)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync(e.Message);
                return 1;
            }
        });
        return command;
    }
}
