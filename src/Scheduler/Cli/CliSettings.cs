using Microsoft.Extensions.Configuration;
using ReportForge.Reporting.Rendering;
using ReportForge.Reporting.Templates;
using ReportForge.Scheduler.Service;

namespace ReportForge.Scheduler.Cli;

/// <summary>The brand and print settings a command-line brief uses: the service's appsettings.json and environment variables (ReportForge__Brand__Name, ReportForge__Pdf__PaperFormat, …).</summary>
internal sealed record CliSettings(BrandOptions Brand, PdfOptions Pdf)
{
    /// <summary>Reads the settings; the errors name each bad setting with its fix.</summary>
    public static (CliSettings? Settings, IReadOnlyList<string> Errors) Load()
    {
        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .Build();
        ServiceOptions options;
        try
        {
            options = configuration.GetSection(ServiceOptions.Section).Get<ServiceOptions>() ?? new ServiceOptions();
        }
        catch (InvalidOperationException e)
        {
            return (null, ["The ReportForge settings cannot be read: " + (e.InnerException?.Message ?? e.Message)]);
        }

        var errors = options.EffectiveBrand.Validate().Concat(options.Pdf.Validate()).Select(e => "ReportForge:" + e).ToList();
        return errors.Count > 0 ? (null, errors) : (new CliSettings(options.EffectiveBrand, options.Pdf), errors);
    }
}
