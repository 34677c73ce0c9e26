using ReportForge.Data.Sources.Http;

namespace ReportForge.Data.Sources.Feeds;

/// <summary>Sources:Feeds — RSS 2.0 / Atom feeds whose headlines become catalysts.</summary>
public sealed class FeedOptions : SourceClientOptions
{
    public FeedOptions()
    {
        Enabled = true;
        RequestWeightLimit = 30;
        MaxRetries = 2;
        // Some news sites refuse non-browser agents (Cloudflare); a browser-like agent gets the public feed.
        UserAgent = "Mozilla/5.0 (X11; Linux x86_64) ReportForge/1.0";
    }

    /// <summary>The feeds to read; none by default (appsettings.json lists the usual crypto news feeds).</summary>
    public FeedDefinition[] Feeds { get; set; } = [];
}

/// <summary>One feed: where it is, the catalyst category of its headlines, and an optional keyword filter.</summary>
public sealed class FeedDefinition
{
    public string Name { get; set; } = "";

    public Uri? Url { get; set; }

    /// <summary>One lower-case word: macro, regulation, technology, flows, exchange, news …</summary>
    public string Category { get; set; } = "news";

    /// <summary>Keep only headlines containing one of these words (case-insensitive); empty keeps every headline.</summary>
    public string[] Keywords { get; set; } = [];
}
