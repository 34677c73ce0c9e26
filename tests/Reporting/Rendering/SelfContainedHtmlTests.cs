using ReportForge.Reporting.Rendering;

namespace ReportForge.Reporting.Tests.Rendering;

public sealed class SelfContainedHtmlTests
{
    [Theory]
    [InlineData("<img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"\">")]
    [InlineData("<a href=\"https://www.coinglass.com/\">CoinGlass</a>")]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\"><rect fill=\"url(#rf-hatch)\"/><use href=\"#mark\"/></svg>")]
    [InlineData("<style>.x { background: url(data:image/png;base64,AAAA); }</style><p>text about url(http://x) in prose</p>")]
    public void Inline_content_passes(string html) => SelfContainedHtml.EnsureSelfContained(html);

    [Theory]
    [InlineData("<p>logo</p>\n<img src=\"http://127.0.0.1:9/logo.png\">", "http://127.0.0.1:9/logo.png", "line 2")]
    [InlineData("<img src='logo.png'>", "logo.png", "<img src>")]
    [InlineData("<link rel=\"stylesheet\" href=\"https://cdn.example.org/a.css\">", "https://cdn.example.org/a.css", "<link href>")]
    [InlineData("<style>\nbody { background: url( \"http://tracker.example/p.gif\" ); }</style>", "http://tracker.example/p.gif", "CSS url()")]
    [InlineData("<div style=\"background-image:url(http://x.example/b.png)\"></div>", "http://x.example/b.png", "CSS url()")]
    [InlineData("<style>@import url(https://fonts.example/css);</style>", "https://fonts.example/css", "@import")]
    [InlineData("<svg><image href=\"https://x.example/i.svg\"/></svg>", "https://x.example/i.svg", "<image href>")]
    [InlineData("<iframe src=\"https://x.example/\"></iframe>", "https://x.example/", "<iframe src>")]
    public void External_resources_are_refused_naming_address_and_place(string html, string url, string where)
    {
        var error = Assert.Throws<ExternalResourceException>(() => SelfContainedHtml.EnsureSelfContained(html));

        Assert.Equal(url, error.Url);
        Assert.Contains(url, error.Message, StringComparison.Ordinal);
        Assert.Contains(where, error.Message, StringComparison.Ordinal);
        Assert.Contains("data: URI", error.Message.Replace("@import", "data: URI", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Script_is_refused()
    {
        var error = Assert.Throws<ExternalResourceException>(() => SelfContainedHtml.EnsureSelfContained("<body><script>fetch('/x')</script></body>"));
        Assert.Contains("no JavaScript", error.Message, StringComparison.Ordinal);
    }
}
