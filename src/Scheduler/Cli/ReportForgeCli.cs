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

    public static RootCommand Build()
    {
        var root = new RootCommand("ReportForge: crypto market briefs from market and liquidation data.");
        root.Options.Add(DataDir);
        root.Subcommands.Add(ImportCommand.Create());
        root.Subcommands.Add(BriefCommand.Create());
        root.Subcommands.Add(TemplatesCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(ApiKeyCommand.Create());
        root.Subcommands.Add(DashboardCommand.Create());
        root.Subcommands.Add(IngestCommand.Create());
        return root;
    }
}
