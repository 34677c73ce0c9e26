using System.Globalization;

namespace ReportForge.Data.Sources.Http;

/// <summary>Builds request URLs from a configured base URL (tests point it at 127.0.0.1).</summary>
public static class SourceUrl
{
    /// <summary>base + "/" + path + "?" + query, whatever trailing slash the base has.</summary>
    public static Uri Of(Uri baseUrl, string path, string query) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{baseUrl.AbsoluteUri.TrimEnd('/')}/{path.TrimStart('/')}{(query.Length > 0 ? "?" + query : "")}"));

    /// <summary>Unix milliseconds as query text.</summary>
    public static string Ms(DateTimeOffset time) => time.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

    /// <summary>The start of the bar of length <paramref name="length"/> that holds <paramref name="time"/> (UTC-aligned).</summary>
    public static DateTimeOffset Floor(DateTimeOffset time, TimeSpan length)
    {
        var ms = time.ToUnixTimeMilliseconds();
        var len = (long)length.TotalMilliseconds;
        return DateTimeOffset.FromUnixTimeMilliseconds(ms - (((ms % len) + len) % len));
    }
}
