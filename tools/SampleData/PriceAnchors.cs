namespace ReportForge.SampleData;

/// <summary>A price corridor: path points and wicks inside [From, To] stay within [Low, High].</summary>
internal sealed record Band(DateTime From, DateTime To, double Low, double High);

/// <summary>The fixed points a price path must pass through: published prices, real-history landmarks and event-day shapes.</summary>
internal sealed class AnchorSet
{
    public SortedDictionary<DateTime, double> Points { get; } = [];

    public Dictionary<DateTime, double> HourHighs { get; } = [];

    public Dictionary<DateTime, double> HourLows { get; } = [];

    public List<Band> Bands { get; } = [];

    /// <summary>The price at an instant ("2025-01-27 16" = 16:00 UTC): the close of the hour before, the open of the hour after.</summary>
    public AnchorSet At(string at, double price)
    {
        Points[Iso.At(at)] = price;
        return this;
    }

    /// <summary>Daily closes: each is the price at the next midnight.</summary>
    public AnchorSet Closes(params (string Day, double Price)[] closes)
    {
        foreach (var (day, price) in closes)
        {
            Points[Iso.At(day).AddDays(1)] = price;
        }

        return this;
    }

    /// <summary>The high of one hourly bar; it is also the highest price of that UTC day.</summary>
    public AnchorSet High(string hour, double price)
    {
        var time = Iso.At(hour);
        HourHighs[time] = price;
        Bands.Add(new Band(time.Date, time.Date.AddDays(1), 0, price));
        return this;
    }

    /// <summary>The low of one hourly bar; it is also the lowest price of that UTC day.</summary>
    public AnchorSet Low(string hour, double price)
    {
        var time = Iso.At(hour);
        HourLows[time] = price;
        Bands.Add(new Band(time.Date, time.Date.AddDays(1), price, double.MaxValue));
        return this;
    }

    public AnchorSet Band(string from, string to, double low, double high)
    {
        Bands.Add(new Band(Iso.At(from), Iso.At(to), low, high));
        return this;
    }
}
