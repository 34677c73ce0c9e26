using System.Globalization;
using ReportForge.Data.Candles;
using ReportForge.Data.Sources.Http;

namespace ReportForge.Data.Sources.Fred;

/// <summary>Reads a FRED series from fredgraph.csv (<c>observation_date,SERIES</c>; a holiday is blank or ".").</summary>
public sealed class FredClient(SourceHttpClient http, FredOptions options, TimeProvider clock)
{
    /// <summary>Daily closes in [from, to) as 1d candles with open = high = low = close; days not yet over are left out.</summary>
    public async Task<IReadOnlyList<Candle>> ClosesAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var series = options.Series;
        var url = SourceUrl.Of(options.BaseUrl, "graph/fredgraph.csv",
            $"id={series}&cosd={from.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}&coed={to.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}");
        var response = await http.GetAsync(url, 1, null, cancellationToken);
        var body = response.Text();
        if (body.Length > 0 && !body.EndsWith('\n'))
        {
            // FRED ends every CSV with a line break; without it the last row may be cut in the middle of a number.
            throw new SourceResponseException(url, "(body)", $"the CSV does not end with a line break: the response is truncated ({response.Body.Length} bytes received)");
        }

        var lines = body.ReplaceLineEndings("\n").Split('\n');
        var header = lines[0].TrimStart('\uFEFF').Split(',');
        if (header.Length != 2 || header[0] is not ("observation_date" or "DATE") || header[1] != series)
        {
            throw new SourceResponseException(url, "(header)",
                $"expected 'observation_date,{series}', got '{Excerpt(lines[0])}' (FRED may have answered with an HTML page)");
        }

        var now = clock.GetUtcNow();
        var candles = new List<Candle>();
        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0)
            {
                continue;
            }

            var fields = lines[i].Split(',');
            if (fields.Length != 2)
            {
                throw new SourceResponseException(url, $"line {i + 1}", $"has {fields.Length} fields, expected 2 (the CSV is truncated or malformed)");
            }

            if (!DateOnly.TryParseExact(fields[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                throw new SourceResponseException(url, $"line {i + 1}, observation_date", $"'{Excerpt(fields[0])}' is not a date");
            }

            var text = fields[1].Trim();
            if (text is "" or ".")
            {
                continue; // market holiday
            }

            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var close) || !double.IsFinite(close) || close <= 0)
            {
                throw new SourceResponseException(url, $"line {i + 1}, {series}", $"'{Excerpt(text)}' is not a positive number");
            }

            var time = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            if (time < from || time >= to || !MarketRows.IsClosed(time, CandleInterval.OneDay, now))
            {
                continue;
            }

            candles.Add(new Candle(options.Asset, CandleInterval.OneDay, time, close, close, close, close, 0, FredSource.SourceName));
        }

        return candles;
    }

    private static string Excerpt(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
