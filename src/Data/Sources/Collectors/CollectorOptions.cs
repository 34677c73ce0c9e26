namespace ReportForge.Data.Sources.Collectors;

/// <summary>Sources:Collectors — the liquidation stream collectors hosted by <c>reportforge serve</c>.</summary>
public sealed class CollectorOptions
{
    /// <summary>Whether the host runs the collectors (off unless configured; appsettings.json turns them on).</summary>
    public bool Enabled { get; set; }

    /// <summary>Source name of the stored orders and their hourly buckets (registered as tracked: a lower bound).</summary>
    public string SourceName { get; set; } = "exchange-streams";

    public StreamOptions Binance { get; set; } = new() { Enabled = true, Url = new Uri("wss://fstream.binance.com/market/ws/!forceOrder@arr") };

    /// <summary>Bybit allLiquidation of <see cref="StreamOptions.Symbols"/>; empty means the USDT perpetuals of BTC, ETH, SOL, XRP and DOGE.</summary>
    public StreamOptions Bybit { get; set; } = new() { Enabled = true, Url = new Uri("wss://stream.bybit.com/v5/public/linear") };

    /// <summary>OKX liquidation orders of every swap; contract sizes come from Sources:Okx:BaseUrl's instrument list.</summary>
    public StreamOptions Okx { get; set; } = new() { Enabled = true, Url = new Uri("wss://ws.okx.com:8443/ws/v5/public") };

    /// <summary>First wait before reconnecting; it doubles per failed attempt, with jitter, up to <see cref="MaxReconnectDelay"/>.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A connection is renewed (new one first, then the old one closed) before the exchanges' 24 h limit.</summary>
    public TimeSpan MaxConnectionAge { get; set; } = TimeSpan.FromHours(23);

    /// <summary>Application-level ping for the exchanges that want one (Bybit, OKX).</summary>
    public TimeSpan PingInterval { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Orders are written at least this often…</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>…or as soon as this many are waiting.</summary>
    public int BatchSize { get; set; } = 500;
}

/// <summary>One exchange stream: on or off, its URL, and the symbols where the stream needs them.</summary>
public sealed class StreamOptions
{
    public bool Enabled { get; set; }

    public Uri? Url { get; set; }

    public string[] Symbols { get; set; } = [];
}
