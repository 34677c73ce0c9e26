using System.CommandLine;
using Microsoft.Extensions.Options;
using ReportForge.Scheduler.Api;
using ReportForge.Scheduler.Service;

namespace ReportForge.Scheduler.Cli;

/// <summary>`reportforge apikey create|revoke|hash`: API keys for the service; only hashes are stored.</summary>
internal static class ApiKeyCommand
{
    public static Command Create()
    {
        var command = new Command("apikey", "Manage the API keys `reportforge serve` accepts in the X-Api-Key header.");
        var name = new Option<string>("--name") { Description = "Who or what the key is for", Required = true };

        var create = new Command("create", "Create a key, print it once, store only its SHA-256.");
        create.Options.Add(name);
        create.SetAction(async (parse, cancellationToken) =>
        {
            var keys = await OpenAsync(parse, cancellationToken);
            try
            {
                var key = await keys.CreateAsync(parse.GetRequiredValue(name), cancellationToken);
                await parse.InvocationConfiguration.Output.WriteLineAsync(key);
                await parse.InvocationConfiguration.Error.WriteLineAsync("Keep this key now: it is not stored and cannot be shown again.");
                return 0;
            }
            catch (System.Data.Common.DbException e) when (e is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 19 } || e.SqlState == "23505")
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"A key named '{parse.GetValue(name)}' exists already: revoke it first or pick another name.");
                return 1;
            }
        });

        var revoke = new Command("revoke", "Revoke a key by name.");
        revoke.Options.Add(name);
        revoke.SetAction(async (parse, cancellationToken) =>
        {
            var keys = await OpenAsync(parse, cancellationToken);
            if (await keys.RevokeAsync(parse.GetRequiredValue(name), cancellationToken))
            {
                return 0;
            }

            await parse.InvocationConfiguration.Error.WriteLineAsync($"No active key named '{parse.GetValue(name)}'.");
            return 1;
        });

        var keyArgument = new Argument<string>("key") { Description = "A key to hash for ReportForge:Api:Keys:N:Sha256" };
        var hash = new Command("hash", "Print the SHA-256 of a key, for configuration (ReportForge__Api__Keys__0__Sha256).");
        hash.Arguments.Add(keyArgument);
        hash.SetAction(parse =>
        {
            parse.InvocationConfiguration.Output.WriteLine(ApiKeys.Hash(parse.GetRequiredValue(keyArgument)));
            return 0;
        });

        command.Subcommands.Add(create);
        command.Subcommands.Add(revoke);
        command.Subcommands.Add(hash);
        return command;
    }

    private static async Task<ApiKeys> OpenAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var clock = TimeProvider.System;
        var dataDir = parse.GetRequiredValue(ReportForgeCli.DataDir);
        var database = await CliDataFolder.OpenAsync(parse, clock, cancellationToken);
        return new ApiKeys(database, Options.Create(new ServiceOptions { DataDirectory = dataDir }), clock);
    }
}
