using System.CommandLine;

namespace ReportForge.Scheduler.Cli;

/// <summary>The `reportforge` command line: every command and the options they share.</summary>
internal static class ReportForgeCli
{
    /// <summary>Folder of the database and the archived PDFs.</summary>
    public static readonly Option<string> DataDir = new("--data-dir")
    {
        Description = "Folder of the SQLite database and the archived briefs (default: $REPORTFORGE_DATA_DIR or ./reportforge-data)",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("REPORTFORGE_DATA_DIR") is { Length: > 0 } dir ? dir : "reportforge-data",
    };

    /// <summary>The storage engine: sqlite (a file in the data folder) or postgres.</summary>
    public static readonly Option<string> StorageProvider = new("--storage")
    {
        Description = "Database engine: sqlite (reportforge.db in the data folder) or postgres (default: $ReportForge__Storage__Provider or sqlite)",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("ReportForge__Storage__Provider") is { Length: > 0 } provider ? provider : "sqlite",
    };

    /// <summary>The PostgreSQL connection string when --storage is postgres.</summary>
    public static readonly Option<string?> ConnectionString = new("--connection-string")
    {
        Description = "PostgreSQL connection string, Host=…;Database=…;Username=…;Password=… (default: $ReportForge__Storage__ConnectionString)",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("ReportForge__Storage__ConnectionString"),
    };

    public static RootCommand Build()
    {
        var root = new RootCommand("ReportForge: crypto market briefs from market and liquidation data.");
        root.Options.Add(DataDir);
        root.Options.Add(StorageProvider);
        root.Options.Add(ConnectionString);
        root.Subcommands.Add(ImportCommand.Create());
        root.Subcommands.Add(BriefCommand.Create());
        root.Subcommands.Add(TemplatesCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(ApiKeyCommand.Create());
        root.Subcommands.Add(DashboardCommand.Create());
        root.Subcommands.Add(IngestCommand.Create());
        root.Subcommands.Add(DatabaseCommand.Create());
        return root;
    }
}
