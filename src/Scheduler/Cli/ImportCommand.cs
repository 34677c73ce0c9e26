using System.CommandLine;
using ReportForge.Data.Import;
using ReportForge.Data.Runs;
using ReportForge.Data.Storage;

namespace ReportForge.Scheduler.Cli;

/// <summary>`reportforge import &lt;folder&gt;`: loads a dataset in the import format.</summary>
internal static class ImportCommand
{
    public static Command Create()
    {
        var folder = new Argument<DirectoryInfo>("folder") { Description = "Folder of candles.csv, liquidations.csv, liquidation_orders.csv, market.csv, derivatives.csv, catalysts.csv" };
        var command = new Command("import", "Load a dataset folder in the import format (upsert; a file with a bad row is refused whole).");
        command.Arguments.Add(folder);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var clock = TimeProvider.System;
            try
            {
                var database = await CliDataFolder.OpenAsync(parse, clock, cancellationToken);
                var importer = new DatasetImporter(database, new IngestRunStore(database, clock));
                var result = await importer.ImportAsync(parse.GetRequiredValue(folder).FullName, cancellationToken);
                Print(result, parse.InvocationConfiguration.Output);
                foreach (var error in result.Files.SelectMany(f => f.Errors))
                {
                    await parse.InvocationConfiguration.Error.WriteLineAsync(error.ToString());
                }

                return result.Succeeded ? 0 : 1;
            }
            catch (Exception e) when (e is ImportFileRefusedException or SchemaTooNewException)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync(e.Message);
                return 1;
            }
        });
        return command;
    }

    private static void Print(DatasetImportResult result, TextWriter output)
    {
        output.WriteLine($"Imported dataset '{result.Source}'{(result.Sample ? " (sample)" : "")}:");
        output.WriteLine($"  {"file",-24} {"status",-8} {"rows",10} {"changed",10}");
        foreach (var file in result.Files)
        {
            var status = file.Status switch
            {
                FileImportStatus.Stored => "stored",
                FileImportStatus.Refused => "REFUSED",
                _ => "absent",
            };
            output.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"  {file.FileName,-24} {status,-8} {file.RowsRead,10:N0} {file.RowsChanged,10:N0}"));
        }

        foreach (var ignored in result.IgnoredFiles)
        {
            output.WriteLine($"  {ignored,-24} ignored (not a file of the import format)");
        }
    }
}
