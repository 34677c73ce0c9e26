namespace ReportForge.Reporting.Tests.Fixtures;

/// <summary>Compares output with a checked-in file; REPORTFORGE_UPDATE_GOLDEN=1 rewrites the file instead (on purpose only).</summary>
internal static class Golden
{
    public static bool Updating => Environment.GetEnvironmentVariable("REPORTFORGE_UPDATE_GOLDEN") == "1";

    public static void Match(string path, string actual)
    {
        var full = Path.Combine(ReportForge.Tests.RepositoryPaths.Root, path);
        if (Updating)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, actual, new System.Text.UTF8Encoding(false));
            return;
        }

        Assert.True(File.Exists(full), $"{path} is missing; run the tests once with REPORTFORGE_UPDATE_GOLDEN=1 to write it.");
        var expected = File.ReadAllText(full).ReplaceLineEndings("\n");
        if (expected != actual.ReplaceLineEndings("\n"))
        {
            var at = Enumerable.Range(0, Math.Min(expected.Length, actual.Length)).FirstOrDefault(i => expected[i] != actual[i], Math.Min(expected.Length, actual.Length));
            Assert.Fail($"{path} differs at character {at}:\n expected …{Snippet(expected, at)}…\n actual   …{Snippet(actual, at)}…\n" +
                        "If the change is intended, rerun with REPORTFORGE_UPDATE_GOLDEN=1 and review the diff.");
        }
    }

    private static string Snippet(string text, int at) => text.Substring(Math.Max(0, at - 60), Math.Min(120, text.Length - Math.Max(0, at - 60)));
}
