using ReportForge.Data.Import;

namespace ReportForge.Data.Tests.Import;

public sealed class CsvSizeTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("a,b\n1,2\n3,4\n", 2)]
    [InlineData("a,b\n1,2\n3,4", 2)]
    [InlineData("a,b\n", 0)]
    [InlineData("", 0)]
    public void Estimate_is_the_exact_row_count_when_the_file_is_smaller_than_the_sample(string text, long rows)
    {
        var path = _folder.File("small.csv");
        File.WriteAllText(path, text);

        Assert.Equal(rows, CsvSize.EstimateRows(path));
    }

    [Fact]
    public void Estimate_is_within_a_percent_when_a_large_file_has_lines_of_about_one_length()
    {
        var path = _folder.File("large.csv");
        var random = new Random(3);
        File.WriteAllLines(path, Enumerable.Range(0, 200_001).Select(i => i == 0 ? "time,usd" : $"2025-02-03T00:00:{i % 60:00}Z,{random.Next(1, 1_000_000)}"));

        Assert.InRange(CsvSize.EstimateRows(path), 198_000, 202_000);
    }
}
