using System.CommandLine;
using System.Globalization;
using ReportForge.Data.Storage;

namespace ReportForge.Scheduler.Cli;

/// <summary>`reportforge db migrate|copy`: brings a database to this build's schema, or moves a SQLite database to PostgreSQL.</summary>
internal static class DatabaseCommand
{
    public static Command Create()
    {
        var command = new Command("db", "Manage the database: migrate the schema, copy a SQLite database into PostgreSQL.");

        var migrate = new Command("migrate", "Apply the schema migrations this build carries to the database given by --storage/--connection-string (or --data-dir).");
        migrate.SetAction(async (parse, cancellationToken) =>
        {
            var database = CliDataFolder.Database(parse);
            var migrator = new SchemaMigrator(database, TimeProvider.System);
            try
            {
                var ran = await migrator.MigrateAsync(cancellationToken);
                await parse.InvocationConfiguration.Output.WriteLineAsync(ran.Count == 0
                    ? $"{database.FilePath} is at schema version {migrator.LatestVersion}; nothing to do."
                    : $"{database.FilePath}: applied {string.Join(", ", ran.Select(v => v.ToString("0000", CultureInfo.InvariantCulture)))}; now at schema version {migrator.LatestVersion}.");
                return 0;
            }
            catch (SchemaTooNewException e)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync(e.Message);
                return 1;
            }
        });

        var from = new Option<FileInfo>("--from") { Description = "The SQLite database to copy (reportforge.db, or the data folder that holds it)", Required = true };
        var to = new Option<string>("--to") { Description = "PostgreSQL connection string of an empty database, Host=…;Database=…;Username=…;Password=…", Required = true };
        var copy = new Command("copy", "Copy every table of a SQLite database into an empty PostgreSQL database (the SQLite file is only read).");
        copy.Options.Add(from);
        copy.Options.Add(to);
        copy.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetRequiredValue(from).FullName;
            if (Directory.Exists(path))
            {
                path = Path.Combine(path, ReportForgeDatabase.FileName);
            }

            if (!File.Exists(path))
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"There is no SQLite database at '{path}'; give reportforge.db or the data folder that holds it.");
                return 1;
            }

            try
            {
                var copier = new DatabaseCopier(new ReportForgeDatabase(path), ReportForgeDatabase.Postgres(parse.GetRequiredValue(to)), TimeProvider.System);
                var output = parse.InvocationConfiguration.Output;
                var tables = await copier.CopyAsync(new Progress<TableCopy>(t => output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {t.Table,-26} {t.Rows,12:N0} rows"))), cancellationToken);
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Copied {tables.Sum(t => t.Rows):N0} rows in {tables.Count} tables."));
                return 0;
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException or SchemaTooNewException or System.Data.Common.DbException)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync(e.Message);
                return 1;
            }
        });

        command.Subcommands.Add(migrate);
        command.Subcommands.Add(copy);
        return command;
    }
}
