using System.CommandLine;
using ReportForge.Data.Storage;

namespace ReportForge.Scheduler.Cli;

/// <summary>Opens the data folder for a command: the database (SQLite in the folder, or PostgreSQL), migrated to this build's schema.</summary>
internal static class CliDataFolder
{
    public static async Task<ReportForgeDatabase> OpenAsync(ParseResult parse, TimeProvider clock, CancellationToken cancellationToken)
    {
        var database = Database(parse);
        await new SchemaMigrator(database, clock).MigrateAsync(cancellationToken);
        return database;
    }

    /// <summary>The database named by --storage and --connection-string (or their environment variables), not migrated.</summary>
    public static ReportForgeDatabase Database(ParseResult parse) =>
        Storage(parse).Open(parse.GetRequiredValue(ReportForgeCli.DataDir));

    /// <summary>The storage options given on the command line or in the environment.</summary>
    public static StorageOptions Storage(ParseResult parse) =>
        new() { Provider = parse.GetRequiredValue(ReportForgeCli.StorageProvider), ConnectionString = parse.GetValue(ReportForgeCli.ConnectionString) };
}
