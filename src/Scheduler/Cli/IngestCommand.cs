using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ReportForge.Data.Ingest;
using ReportForge.Data.Storage;
using Spectre.Console;

namespace ReportForge.Scheduler.Cli;

/// <summary>`reportforge ingest &lt;source|all&gt; [--from D --to D]`: pulls live data into the database with a progress bar and a summary.</summary>
internal static class IngestCommand
{
    /// <summary>Prefix of the environment variables that override appsettings.json (REPORTFORGE_Sources__CoinGlass__ApiKey).</summary>
    public const string EnvironmentPrefix = "REPORTFORGE_";

    public static Command Create()
    {
        var source = new Argument<string>("source") { Description = "binance, bybit, okx, coinglass, coingecko, fred, feeds, or all (every enabled source)" };
        var from = new Option<string?>("--from") { Description = "First day to ingest, YYYY-MM-DD (UTC); without it each source catches up from its last run" };
        var to = new Option<string?>("--to") { Description = "Last day to ingest, YYYY-MM-DD (UTC, inclusive); default: up to now" };
        var config = new Option<FileInfo?>("--config") { Description = "A JSON settings file read after appsettings.json (environment variables REPORTFORGE_* still win)" };
        var command = new Command("ingest", "Pull market, liquidation and news data from live sources (upsert; each run is recorded).");
        command.Arguments.Add(source);
        command.Options.Add(from);
        command.Options.Add(to);
        command.Options.Add(config);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var error = parse.InvocationConfiguration.Error;
            if (!TryWindow(parse.GetValue(from), parse.GetValue(to), out var window, out var problem))
            {
                await error.WriteLineAsync(problem);
                return 2;
            }

            var configFile = parse.GetValue(config);
            if (configFile is { Exists: false })
            {
                await error.WriteLineAsync($"--config '{configFile.FullName}' does not exist.");
                return 2;
            }

            var clock = TimeProvider.System;
            ReportForgeDatabase database;
            try
            {
                database = await CliDataFolder.OpenAsync(parse, clock, cancellationToken);
            }
            catch (SchemaTooNewException e)
            {
                await error.WriteLineAsync(e.Message);
                return 1;
            }

            var services = new ServiceCollection()
                .AddSingleton(database)
                .AddSingleton(clock)
                .AddReportForgeSources(Configuration(configFile?.FullName));
            await using var provider = services.BuildServiceProvider();
            try
            {
                provider.GetRequiredService<IStartupValidator>().Validate();
            }
            catch (OptionsValidationException e)
            {
                foreach (var failure in e.Failures)
                {
                    await error.WriteLineAsync(failure);
                }

                return 2;
            }

            var catalog = provider.GetRequiredService<IngestSourceCatalog>();
            var name = parse.GetRequiredValue(source);
            IReadOnlyList<IIngestSource> selected;
            if (string.Equals(name, "all", StringComparison.OrdinalIgnoreCase))
            {
                selected = catalog.Enabled;
            }
            else if (catalog.Find(name) is not { } found)
            {
                await error.WriteLineAsync($"'{name}' is not a source; use one of {string.Join(", ", catalog.All.Select(s => s.Name))} or all.");
                return 2;
            }
            else if (!catalog.IsEnabled(found.Name))
            {
                await error.WriteLineAsync($"The source '{found.Name}' is not enabled; set {IngestSourceCatalog.EnabledSetting(found.Name)} in appsettings.json or --config.");
                return 2;
            }
            else
            {
                selected = [found];
            }

            if (selected.Count == 0)
            {
                await error.WriteLineAsync("No source is enabled; see the Sources section of appsettings.json.");
                return 2;
            }

            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(parse.InvocationConfiguration.Output) });
            var runner = provider.GetRequiredService<IngestRunner>();
            var outcomes = new List<IngestOutcome>();
            await console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async context =>
                {
                    foreach (var s in selected)
                    {
                        var task = context.AddTask(s.Name, maxValue: 1);
                        var progress = new InlineProgress(p =>
                        {
                            task.Value = p.Fraction;
                            task.Description = $"{p.Source}: {Markup.Escape(p.Step)}";
                        });
                        var outcome = await runner.RunAsync(s, window, progress, cancellationToken);
                        task.Value = 1;
                        task.Description = $"{s.Name}: {outcome.Outcome}";
                        task.StopTask();
                        outcomes.Add(outcome);
                    }
                });

            console.Write(Summary(outcomes));
            foreach (var failed in outcomes.Where(o => o.Error is not null))
            {
                await error.WriteLineAsync($"{failed.Source}: {failed.Error}");
            }

            return outcomes.Any(o => o.Outcome == "failed") ? 1 : 0;
        });
        return command;
    }

    /// <summary>appsettings.json beside the executable, then --config, then REPORTFORGE_* environment variables.</summary>
    public static IConfiguration Configuration(string? configFile)
    {
        var builder = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true);
        if (configFile is not null)
        {
            builder.AddJsonFile(configFile, optional: false);
        }

        return builder.AddEnvironmentVariables(EnvironmentPrefix).Build();
    }

    private static bool TryWindow(string? fromText, string? toText, out IngestWindow? window, out string problem)
    {
        window = null;
        problem = "";
        if (fromText is null && toText is null)
        {
            return true;
        }

        if (fromText is null)
        {
            problem = "--to needs --from; give both days, e.g. --from 2025-02-01 --to 2025-02-03.";
            return false;
        }

        if (!DateOnly.TryParseExact(fromText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first))
        {
            problem = $"--from '{fromText}' is not a date; write it like 2025-02-03.";
            return false;
        }

        var end = DateTimeOffset.UtcNow;
        if (toText is not null)
        {
            if (!DateOnly.TryParseExact(toText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var last))
            {
                problem = $"--to '{toText}' is not a date; write it like 2025-02-03.";
                return false;
            }

            if (last < first)
            {
                problem = $"--to {toText} is before --from {fromText}.";
                return false;
            }

            end = new DateTimeOffset(last.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        }

        window = new IngestWindow(new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), end);
        return true;
    }

    private static Table Summary(IReadOnlyList<IngestOutcome> outcomes)
    {
        var table = new Table().AddColumns("source", "window", "outcome", "rows changed", "error");
        foreach (var o in outcomes)
        {
            var rows = o.Rows.Count == 0 ? "—" : string.Join(", ", o.Rows.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Key} {r.Value:N0}")));
            var outcome = o.Outcome switch
            {
                "succeeded" => "[green]succeeded[/]",
                "partial" => "[yellow]partial[/]",
                _ => "[red]failed[/]",
            };
            table.AddRow(Markup.Escape(o.Source), Markup.Escape(o.Window.ToString()), outcome, Markup.Escape(rows), Markup.Escape(o.Error ?? ""));
        }

        return table;
    }

    // Progress<T> would post to the thread pool; the bar is updated in order on the caller's thread instead.
    private sealed class InlineProgress(Action<IngestProgress> report) : IProgress<IngestProgress>
    {
        public void Report(IngestProgress value) => report(value);
    }
}
