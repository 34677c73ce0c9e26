namespace ReportForge.Data.Candles;

/// <summary>One OHLC bar of an asset; <see cref="Time"/> is the bar's open time.</summary>
public sealed record Candle(
    string Asset,
    CandleInterval Interval,
    DateTimeOffset Time,
    double Open,
    double High,
    double Low,
    double Close,
    double VolumeUsd,
    string Source);

/// <summary>Bar length of a stored candle.</summary>
public enum CandleInterval
{
    OneHour,
    OneDay,
}

/// <summary>Text codes of <see cref="CandleInterval"/> as the import format and the schema write them.</summary>
public static class CandleIntervals
{
    public static string ToCode(this CandleInterval interval) => interval switch
    {
        CandleInterval.OneHour => "1h",
        CandleInterval.OneDay => "1d",
        _ => throw new ArgumentOutOfRangeException(nameof(interval)),
    };

    public static TimeSpan Length(this CandleInterval interval) => interval switch
    {
        CandleInterval.OneHour => TimeSpan.FromHours(1),
        CandleInterval.OneDay => TimeSpan.FromDays(1),
        _ => throw new ArgumentOutOfRangeException(nameof(interval)),
    };

    public static bool TryParse(string code, out CandleInterval interval)
    {
        switch (code)
        {
            case "1h": interval = CandleInterval.OneHour; return true;
            case "1d": interval = CandleInterval.OneDay; return true;
            default: interval = default; return false;
        }
    }
}
