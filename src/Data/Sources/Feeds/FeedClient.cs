using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using ReportForge.Data.Catalysts;
using ReportForge.Data.Sources.Http;

namespace ReportForge.Data.Sources.Feeds;

/// <summary>Reads an RSS 2.0 or Atom feed into catalysts: title, link (or permalink guid), date, plain-text summary.</summary>
public sealed partial class FeedClient(SourceHttpClient http)
{
    private const int SummaryLength = 300;
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    /// <summary>Items dated in [from, to) that pass the feed's keyword filter, de-duplicated by link.</summary>
    public async Task<IReadOnlyList<Catalyst>> ItemsAsync(FeedDefinition feed, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var url = feed.Url!;
        var response = await http.GetAsync(url, 1, null, cancellationToken);
        XDocument document;
        try
        {
            using var stream = new MemoryStream(response.Body);
            using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null });
            document = XDocument.Load(reader);
        }
        catch (XmlException e)
        {
            throw new SourceResponseException(url, "(body)", $"not well-formed XML at line {e.LineNumber}, position {e.LinePosition}: the feed is truncated or malformed");
        }

        var root = document.Root!;
        var items = root.Name.LocalName switch
        {
            "rss" => root.Element("channel")?.Elements("item").Select((e, i) => Rss(url, e, i)),
            "feed" when root.Name.Namespace == Atom => root.Elements(Atom + "entry").Select((e, i) => AtomEntry(url, e, i)),
            _ => null,
        } ?? throw new SourceResponseException(url, "(root)", $"<{root.Name.LocalName}> is neither an RSS 2.0 <rss><channel> nor an Atom <feed>");

        var catalysts = new List<Catalyst>();
        var links = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (item is null || item.Time < from || item.Time >= to || !Matches(feed, item.Title))
            {
                continue;
            }

            if (item.Link.Length > 0 && !links.Add(item.Link))
            {
                continue; // the same story twice in one feed
            }

            catalysts.Add(new Catalyst(item.Time, item.Title, feed.Category, item.Summary, item.Link, FeedSource.SourceName));
        }

        return catalysts;
    }

    private static bool Matches(FeedDefinition feed, string title) =>
        feed.Keywords.Length == 0 || feed.Keywords.Any(k => title.Contains(k, StringComparison.OrdinalIgnoreCase));

    private static FeedItem? Rss(Uri url, XElement item, int index)
    {
        var title = Plain(item.Element("title")?.Value);
        if (title.Length == 0)
        {
            return null;
        }

        var guid = item.Element("guid");
        var link = item.Element("link")?.Value.Trim() ?? "";
        if (link.Length == 0 && guid is not null && (string?)guid.Attribute("isPermaLink") != "false")
        {
            link = guid.Value.Trim();
        }

        var date = item.Element("pubDate")?.Value ?? item.Element(XName.Get("date", "http://purl.org/dc/elements/1.1/"))?.Value;
        if (date is null)
        {
            return null; // an undated item cannot be placed in a window
        }

        var time = ParseDate(date) ?? throw new SourceResponseException(url, $"item[{index}].pubDate", $"'{date.Trim()}' is not an RFC-822 date such as 'Mon, 03 Feb 2025 14:05:00 +0000'");
        return new FeedItem(time, title, Summary(item.Element("description")?.Value), HttpLink(link));
    }

    private static FeedItem? AtomEntry(Uri url, XElement entry, int index)
    {
        var title = Plain(entry.Element(Atom + "title")?.Value);
        if (title.Length == 0)
        {
            return null;
        }

        var links = entry.Elements(Atom + "link").ToList();
        var link = (string?)(links.FirstOrDefault(l => (string?)l.Attribute("rel") is null or "alternate") ?? links.FirstOrDefault())?.Attribute("href") ?? "";
        if (link.Length == 0)
        {
            link = entry.Element(Atom + "id")?.Value.Trim() ?? "";
        }

        var dateElement = entry.Element(Atom + "published") ?? entry.Element(Atom + "updated");
        if (dateElement is null)
        {
            return null;
        }

        var time = ParseDate(dateElement.Value) ?? throw new SourceResponseException(url, $"entry[{index}].{dateElement.Name.LocalName}", $"'{dateElement.Value.Trim()}' is not an RFC-3339 date");
        return new FeedItem(time, title, Summary((entry.Element(Atom + "summary") ?? entry.Element(Atom + "content"))?.Value), HttpLink(link));
    }

    /// <summary>RFC-822 (RSS) or RFC-3339 (Atom) dates, with the named US zones old feeds still write.</summary>
    public static DateTimeOffset? ParseDate(string text)
    {
        var value = text.Trim();
        if (DateTimeOffset.TryParseExact(value, ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var iso))
        {
            return iso.ToUniversalTime();
        }

        var match = Rfc822().Match(value);
        if (!match.Success)
        {
            return null;
        }

        var offset = match.Groups["zone"].Value switch
        {
            "GMT" or "UT" or "UTC" or "Z" => "+00:00",
            "EST" => "-05:00",
            "EDT" => "-04:00",
            "CST" => "-06:00",
            "CDT" => "-05:00",
            "MST" => "-07:00",
            "MDT" => "-06:00",
            "PST" => "-08:00",
            "PDT" => "-07:00",
            var numeric when numeric.Length == 5 => $"{numeric[..3]}:{numeric[3..]}",
            _ => null,
        };
        if (offset is null)
        {
            return null;
        }

        var seconds = match.Groups["second"].Success ? match.Groups["second"].Value : "00";
        var normal = $"{match.Groups["day"].Value.PadLeft(2, '0')} {match.Groups["month"].Value} {match.Groups["year"].Value} {match.Groups["hour"].Value.PadLeft(2, '0')}:{match.Groups["minute"].Value}:{seconds} {offset}";
        return DateTimeOffset.TryParseExact(normal, "dd MMM yyyy HH:mm:ss zzz", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time.ToUniversalTime()
            : null;
    }

    private static string HttpLink(string link) =>
        Uri.TryCreate(link, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) ? uri.AbsoluteUri : "";

    private static string Plain(string? html) =>
        html is null ? "" : Whitespace().Replace(WebUtility.HtmlDecode(Tags().Replace(html, " ")), " ").Trim();

    private static string Summary(string? html)
    {
        var text = Plain(html);
        if (text.Length <= SummaryLength)
        {
            return text;
        }

        var cut = text.LastIndexOf(' ', SummaryLength);
        return text[..(cut > SummaryLength / 2 ? cut : SummaryLength)] + "…";
    }

    [GeneratedRegex(@"^(?:[A-Za-z]{3},\s*)?(?<day>\d{1,2})\s+(?<month>[A-Z][a-z]{2})\s+(?<year>\d{4})\s+(?<hour>\d{1,2}):(?<minute>\d{2})(?::(?<second>\d{2}))?\s*(?<zone>[+-]\d{4}|[A-Z]{1,3})$")]
    private static partial Regex Rfc822();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    private sealed record FeedItem(DateTimeOffset Time, string Title, string Summary, string Link);
}
