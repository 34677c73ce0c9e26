using ReportForge.Reporting.Rendering;

namespace ReportForge.Reporting.Tests.Rendering;

public sealed class PrintOnlyTests
{
    [Theory]
    [InlineData("<!DOCTYPE html><html><head><title>t</title></head><body></body></html>", "<!DOCTYPE html><html><head>{0}<title>t</title></head><body></body></html>")]
    [InlineData("<!DOCTYPE html><HTML lang=\"en\"><HEAD profile=\"x\"><title>t</title></HEAD></HTML>", "<!DOCTYPE html><HTML lang=\"en\"><HEAD profile=\"x\">{0}<title>t</title></HEAD></HTML>")]
    [InlineData("<!DOCTYPE html><html lang=\"en\"><body><header>h</header></body></html>", "<!DOCTYPE html><html lang=\"en\">{0}<body><header>h</header></body></html>")]
    [InlineData("<!doctype html><p>bare</p>", "<!doctype html>{0}<p>bare</p>")]
    [InlineData("<p>fragment</p>", "{0}<p>fragment</p>")]
    public void Rule_goes_first_into_the_head_and_never_before_the_doctype(string html, string expected) =>
        Assert.Equal(string.Format(System.Globalization.CultureInfo.InvariantCulture, expected, PrintOnly.Rule), PrintOnly.Apply(html));
}
