using System.CommandLine;
using System.Globalization;
using ReportForge.Data.Archive;
using ReportForge.Data.Storage;
using ReportForge.Reporting.Analysis;
using ReportForge.Reporting.Briefs;
using ReportForge.Reporting.Rendering;
using ReportForge.Reporting.Templates;

namespace ReportForge.Scheduler.Cli;

/// <summary>`reportforge brief --date D`: one brief from the stored data, to a PDF in the archive.</summary>
internal static class BriefCommand
{
    public static Command Create()
    {
        var date = new Option<string>("--date") { Description = "The day to brief, YYYY-MM-DD (00:00–24:00 in --tz)", Required = true };
        var timeZone = new Option<string>("--tz") { Description = "IANA time zone of the window and of the dates in the brief", DefaultValueFactory = _ => "UTC" };
        var templates = new Option<DirectoryInfo?>("--templates") { Description = "Folder whose files override the built-in templates by name" };
        var output = new Option<FileInfo?>("--out") { Description = "Also write the PDF to this file" };
        var html = new Option<FileInfo?>("--html") { Description = "Also write the brief's HTML to this file, for a quick look" };
        var command = new Command("brief", "Write the brief of one day to a PDF and archive it.");
        command.Options.Add(date);
        command.Options.Add(timeZone);
        command.Options.Add(templates);
        command.Options.Add(output);
        command.Options.Add(html);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var error = parse.InvocationConfiguration.Error;
            if (!DateOnly.TryParseExact(parse.GetRequiredValue(date), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                await error.WriteLineAsync($"--date '{parse.GetValue(date)}' is not a date; write it like 2025-02-03.");
                return 2;
            }

            if (!TimeZoneInfo.TryFindSystemTimeZoneById(parse.GetRequiredValue(timeZone), out var zone))
            {
                await error.WriteLineAsync($"--tz '{parse.GetValue(timeZone)}' is not a known IANA time zone; use e.g. UTC or Europe/London.");
                return 2;
            }

            var (settings, settingErrors) = CliSettings.Load();
            if (settings is null)
            {
                foreach (var message in settingErrors)
                {
                    await error.WriteLineAsync(message);
                }

                return 2;
            }

            try
            {
                var clock = TimeProvider.System;
                var dataDir = parse.GetRequiredValue(ReportForgeCli.DataDir);
                var database = await CliDataFolder.OpenAsync(parse, clock, cancellationToken);
                var set = parse.GetValue(templates) is { } folder
                    ? await TemplateSet.WithOverridesAsync(folder.FullName, cancellationToken)
                    : TemplateSet.BuiltIn();
                var engine = BriefTemplateEngine.Compile(set);
                var analyzer = new BriefAnalyzer(database, clock, BriefAnalyzer.DefaultDetectors(), BriefAnalyzer.DefaultAssets);
                var window = BriefWindow.ForDate(day, zone);

                // Chromium starts while the data is checked; a window without data still fails fast and writes nothing.
                var starting = PdfRenderer.StartAsync(settings.Pdf with { PoolSize = 1 }, cancellationToken);
                BriefFacts facts;
                try
                {
                    facts = await analyzer.AnalyseAsync(window, cancellationToken);
                }
                catch
                {
                    await StopQuietlyAsync(starting);
                    throw;
                }

                await using var renderer = await starting;
                var pipeline = new BriefPipeline(analyzer, engine, renderer, new ReportArchive(database, Path.Combine(dataDir, "briefs")), await settings.Brand.WithLogoInlinedAsync(cancellationToken), clock);
                var result = await pipeline.RunAsync(new BriefRequest(window, parse.GetValue(output)?.FullName, parse.GetValue(html)?.FullName, Facts: facts), cancellationToken);
                await parse.InvocationConfiguration.Output.WriteLineAsync(result.PdfPath);
                await parse.InvocationConfiguration.Output.WriteLineAsync(result.Headline);
                return 0;
            }
            catch (Exception e) when (e is MissingDataException or SchemaTooNewException or ChromiumNotFoundException
                                          or TemplateCompileException or TemplateRenderException or DirectoryNotFoundException
                                          or ExternalResourceException or RenderTimeoutException or InvalidBrandException)
            {
                await error.WriteLineAsync(e.Message);
                return 1;
            }
        });
        return command;
    }

    // The data error is the one to report; a browser that failed to start as well is not.
    private static async Task StopQuietlyAsync(Task<PdfRenderer> starting)
    {
        try
        {
            await (await starting).DisposeAsync();
        }
        catch (Exception e) when (e is ChromiumNotFoundException or ChromiumLaunchException or ReportForge.Reporting.Rendering.DevTools.DevToolsException or ArgumentException or OperationCanceledException)
        {
        }
    }
}
