namespace ReportForge.Tests;

/// <summary>Paths of the repository the tests run from (the folder holding ReportForge.sln).</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string SampleData => Path.Combine(Root, "data", "sample");

    public static string Templates => Path.Combine(Root, "templates");

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ReportForge.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("ReportForge.sln not found above " + AppContext.BaseDirectory);
    }
}
