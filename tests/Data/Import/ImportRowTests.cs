using System.Globalization;
using ReportForge.Data.Import;

namespace ReportForge.Data.Tests.Import;

public sealed class ImportRowTests
{
    [Fact]
    public void Plain_decimal_is_the_double_that_double_Parse_gives_when_the_text_is_digits_with_one_point()
    {
        var random = new Random(20250203);
        var checkedOnFastPath = 0;
        for (var i = 0; i < 200_000; i++)
        {
            var whole = random.Next(0, 10) is var digits and > 0 ? random.NextInt64(1, (long)Math.Pow(10, digits)).ToString(CultureInfo.InvariantCulture) : "0";
            var fraction = string.Concat(Enumerable.Range(0, random.Next(0, 23)).Select(_ => (char)('0' + random.Next(10))));
            var text = fraction.Length > 0 ? $"{whole}.{fraction}" : whole;

            if (ImportRow.TryParsePlainDecimal(text, out var value))
            {
                checkedOnFastPath++;
                Assert.Equal(BitConverter.DoubleToInt64Bits(double.Parse(text, CultureInfo.InvariantCulture)), BitConverter.DoubleToInt64Bits(value));
            }
        }

        Assert.True(checkedOnFastPath > 100_000, $"only {checkedOnFastPath} texts took the fast path");
    }

    [Theory]
    [InlineData("")]
    [InlineData("-1.5")]
    [InlineData("+1.5")]
    [InlineData("1e5")]
    [InlineData("1.")]
    [InlineData(".5")]
    [InlineData("1.2.3")]
    [InlineData("92,010.75")]
    [InlineData("12345678901234567890")]
    [InlineData("1.12345678901234567890123")]
    public void Plain_decimal_leaves_the_text_to_the_general_parser_when_it_has_another_shape(string text) =>
        Assert.False(ImportRow.TryParsePlainDecimal(text, out _));
}
