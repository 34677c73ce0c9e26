using ReportForge.Data.Storage;

namespace ReportForge.Scheduler.Cli;

/// <summary>Opens the data folder for a command: the database, migrated to this build's schema.</summary>
internal static class CliDataFolder
{
    public static async Task<ReportForgeDatabase> OpenAsync(string dataDirectory, TimeProvider clock, CancellationToken cancellationToken)
    {
        var database = ReportForgeDatabase.InDataDirectory(dataDirectory);
        await new SchemaMigrator(database, clock).MigrateAsync(cancellationToken);
        return database;
    }
}
