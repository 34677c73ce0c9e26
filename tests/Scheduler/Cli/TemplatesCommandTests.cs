using System.CommandLine;
using ReportForge.Scheduler.Cli;

namespace ReportForge.Scheduler.Tests.Cli;

public sealed class TemplatesCommandTests
{
    [Fact]
    public async Task Validate_exits_zero_for_the_built_in_templates()
    {
        var (code, output, error) = await RunAsync("templates", "validate");

        Assert.Equal(0, code);
        Assert.Contains("compile and render against 6 sample windows", output, StringComparison.Ordinal);
        Assert.Empty(error);
    }

    [Fact]
    public async Task Export_then_validate_reports_file_line_and_message_and_exits_non_zero_for_a_broken_copy()
    {
        using var folder = new TempFolder();
        var (exported, _, _) = await RunAsync("templates", "export", folder.Path);
        Assert.Equal(0, exported);
        Assert.True(File.Exists(folder.File("partials/summary.hbs")));
        Assert.True(File.Exists(folder.File("faq/10-how-much.hbs")));

        var summary = File.ReadAllLines(folder.File("partials/summary.hbs")).ToList();
        summary.Insert(3, "<p>{{money liquidations.totl}}</p>");
        await File.WriteAllLinesAsync(folder.File("partials/summary.hbs"), summary);
        await File.AppendAllTextAsync(folder.File("partials/disclaimer.hbs"), "\n<img src=\"http://pixel.example/a.gif\">");

        var (code, _, error) = await RunAsync("templates", "validate", "--templates", folder.Path);

        Assert.Equal(1, code);
        Assert.Contains("partials/disclaimer.hbs:5: a remote src=", error, StringComparison.Ordinal);
        File.WriteAllText(folder.File("partials/disclaimer.hbs"), "<p>Not advice.</p>");
        (code, _, error) = await RunAsync("templates", "validate", "--templates", folder.Path);
        Assert.Equal(1, code);
        Assert.Contains("partials/summary.hbs:4: 'liquidations.totl' is not in the facts of this window", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_refuses_to_overwrite_without_force()
    {
        using var folder = new TempFolder();
        await RunAsync("templates", "export", folder.Path);
        File.WriteAllText(folder.File("brief.hbs"), "mine");

        var (code, _, error) = await RunAsync("templates", "export", folder.Path);

        Assert.Equal(1, code);
        Assert.Contains("--force", error, StringComparison.Ordinal);
        Assert.Equal("mine", File.ReadAllText(folder.File("brief.hbs")));
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await ReportForgeCli.Build().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }
}
