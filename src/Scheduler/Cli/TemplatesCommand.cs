using System.CommandLine;
using ReportForge.Reporting.Templates;

namespace ReportForge.Scheduler.Cli;

/// <summary>`reportforge templates validate|export`: check a template folder against the sample windows, or copy the defaults out for editing.</summary>
internal static class TemplatesCommand
{
    public static Command Create()
    {
        var command = new Command("templates", "Check or export the brief templates.");
        command.Subcommands.Add(Validate());
        command.Subcommands.Add(Export());
        return command;
    }

    private static Command Validate()
    {
        var folder = new Option<DirectoryInfo?>("--templates") { Description = "Folder whose files override the built-in templates by name (default: the built-in templates alone)" };
        var command = new Command("validate", "Compile every template and render it against the sample windows; lists each error with file, line and message.");
        command.Options.Add(folder);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            TemplateSet set;
            try
            {
                set = parse.GetValue(folder) is { } dir ? await TemplateSet.WithOverridesAsync(dir.FullName, cancellationToken) : TemplateSet.BuiltIn();
            }
            catch (DirectoryNotFoundException e)
            {
                await error.WriteLineAsync(e.Message);
                return 2;
            }

            var windows = SampleWindow.BuiltIn();
            var problems = TemplateValidator.Validate(set, windows);
            foreach (var problem in problems)
            {
                await error.WriteLineAsync(problem.ToString());
            }

            if (problems.Count > 0)
            {
                await error.WriteLineAsync($"Template set '{set.Name}': {problems.Count} problem(s); fix them and run `reportforge templates validate` again.");
                return 1;
            }

            await output.WriteLineAsync($"Template set '{set.Name}' (version {set.Version}): {set.Files.Count} files compile and render against {windows.Count} sample windows.");
            return 0;
        });
        return command;
    }

    private static Command Export()
    {
        var folder = new Argument<DirectoryInfo>("folder") { Description = "Where to write the built-in templates" };
        var force = new Option<bool>("--force") { Description = "Overwrite files that already exist" };
        var command = new Command("export", "Copy the built-in templates into a folder, to edit and pass back with --templates.");
        command.Arguments.Add(folder);
        command.Options.Add(force);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var target = parse.GetRequiredValue(folder).FullName;
            var set = TemplateSet.BuiltIn();
            var existing = set.Files.Keys.Where(f => File.Exists(Path.Combine(target, f))).ToList();
            if (existing.Count > 0 && !parse.GetValue(force))
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync(
                    $"{target} already holds {string.Join(", ", existing.Take(3))}{(existing.Count > 3 ? " …" : "")}; nothing was written. Pass --force to overwrite, or pick an empty folder.");
                return 1;
            }

            await set.ExportAsync(target, cancellationToken);
            await parse.InvocationConfiguration.Output.WriteLineAsync($"Wrote {set.Files.Count} template files to {target}. Edit them, then check with `reportforge templates validate --templates {target}`.");
            return 0;
        });
        return command;
    }
}
