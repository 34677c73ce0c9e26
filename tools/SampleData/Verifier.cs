using System.Globalization;
using System.Text.RegularExpressions;

namespace ReportForge.SampleData;

/// <summary>
/// Reads the written files back and checks them: exact headers, parseable values, internal consistency,
/// and every published figure the briefs will quote. Failures are collected, not thrown, so one run lists all.
/// </summary>
internal sealed partial class Verifier(string folder)
{
    private static readonly string[] Categories = ["macro", "regulation", "technology", "flows", "exchange"];

    private readonly List<string> _failures = [];
    private TextWriter _out = TextWriter.Null;

    public List<string> Run(TextWriter output)
    {
        _out = output;
        try
        {
            var candles = ReadCandles();
            var buckets = ReadBuckets();
            var orders = ReadOrders();
            var market = ReadMarket();
            var derivatives = ReadDerivatives();
            ReadCatalysts();
            CheckCandles(candles);
            CheckPrices(candles);
            CheckLiquidations(candles, buckets, market);
            CheckOrders(candles, buckets, orders);
            CheckMarket(market);
            CheckDerivatives(derivatives);
        }
        catch (FormatException e)
        {
            _failures.Add(e.Message);
        }

        return _failures;
    }

    private void Check(bool ok, string message)
    {
        if (!ok)
        {
            _failures.Add(message);
        }
    }

    private void Report(string line) => _out.WriteLine(line);

    private static string Pct(double fraction) => (fraction * 100).ToString("+0.00;-0.00", CultureInfo.InvariantCulture) + " %";

    private static string Usd(decimal value) => value.ToString("#,0.##", CultureInfo.InvariantCulture);

    // ---- reading -------------------------------------------------------------------------------------------

    private List<string[]> Table(string file, string[] header)
    {
        var path = Path.Combine(folder, file);
        var records = Csv.Read(path);
        if (records.Count == 0 || !records[0].SequenceEqual(header))
        {
            throw new FormatException($"{file}: header is not exactly '{string.Join(',', header)}'");
        }

        var rows = records.Skip(1).ToList();
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i].Length != header.Length)
            {
                throw new FormatException($"{file} line {i + 2}: {rows[i].Length} fields, expected {header.Length}");
            }
        }

        Report($"{file}: {rows.Count} rows, {new FileInfo(path).Length / 1024.0:0.0} KiB");
        return rows;
    }

    private static DateTime Time(string text, string where) =>
        IsoTime().IsMatch(text)
            ? DateTime.SpecifyKind(DateTime.ParseExact(text, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), DateTimeKind.Utc)
            : throw new FormatException($"{where}: '{text}' is not an ISO-8601 UTC time ending in Z");

    private static decimal Dec(string text, string where) =>
        Decimal().IsMatch(text)
            ? decimal.Parse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)
            : throw new FormatException($"{where}: '{text}' is not a plain decimal number");

    private static long Count(string text, string where) =>
        Digits().IsMatch(text) ? long.Parse(text, CultureInfo.InvariantCulture) : throw new FormatException($"{where}: '{text}' is not a whole number");

    private static Side ParseSide(string text, string where) => text switch
    {
        "long" => Side.Long,
        "short" => Side.Short,
        _ => throw new FormatException($"{where}: side '{text}' is not long or short"),
    };

    private List<Candle> ReadCandles() => [.. Table("candles.csv", DatasetWriter.CandleColumns).Select((r, i) =>
    {
        var at = $"candles.csv line {i + 2}";
        if (r[1] is not ("1h" or "1d") || r[0].Length == 0)
        {
            throw new FormatException($"{at}: bad asset or interval");
        }

        return new Candle(r[0], r[1], Time(r[2], at), Dec(r[3], at), Dec(r[4], at), Dec(r[5], at), Dec(r[6], at), Dec(r[7], at));
    })];

    private List<LiquidationBucket> ReadBuckets() => [.. Table("liquidations.csv", DatasetWriter.LiquidationColumns).Select((r, i) =>
    {
        var at = $"liquidations.csv line {i + 2}";
        if (r[1] is not ("1h" or "1d") || !Assets.LiquidationAssets.Contains(r[2]) || !Exchanges.All.Contains(r[3]))
        {
            throw new FormatException($"{at}: bad interval, asset or exchange ('{r[1]}', '{r[2]}', '{r[3]}')");
        }

        return new LiquidationBucket(Time(r[0], at), r[1], r[2], r[3], ParseSide(r[4], at), Dec(r[5], at), Count(r[6], at));
    })];

    private List<LiquidationOrder> ReadOrders() => [.. Table("liquidation_orders.csv", DatasetWriter.OrderColumns).Select((r, i) =>
    {
        var at = $"liquidation_orders.csv line {i + 2}";
        if (!Exchanges.All.Contains(r[1]) || !Assets.Crypto.Any(a => a.Symbol == r[3]))
        {
            throw new FormatException($"{at}: bad exchange or asset");
        }

        return new LiquidationOrder(Time(r[0], at), r[1], r[2], r[3], ParseSide(r[4], at), Dec(r[5], at), Dec(r[6], at), Dec(r[7], at));
    })];

    private List<MarketDay> ReadMarket() => [.. Table("market.csv", DatasetWriter.MarketColumns).Select((r, i) =>
    {
        var at = $"market.csv line {i + 2}";
        if (!IsoDate().IsMatch(r[0]))
        {
            throw new FormatException($"{at}: '{r[0]}' is not YYYY-MM-DD");
        }

        return new MarketDay(Iso.Day(r[0]), Dec(r[1], at), r[2].Length == 0 ? null : Count(r[2], at));
    })];

    private List<DerivativesPoint> ReadDerivatives() => [.. Table("derivatives.csv", DatasetWriter.DerivativesColumns).Select((r, i) =>
    {
        var at = $"derivatives.csv line {i + 2}";
        return new DerivativesPoint(Time(r[0], at), r[1], Dec(r[2], at), Dec(r[3], at));
    })];

    private void ReadCatalysts()
    {
        var rows = Table("catalysts.csv", DatasetWriter.CatalystColumns);
        var keys = new HashSet<(DateTime, string)>();
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            var at = $"catalysts.csv line {i + 2}";
            var time = Time(r[0], at);
            Check(r[1].Length > 0 && r[3].Length > 0, $"{at}: title and summary are required");
            Check(Categories.Contains(r[2]), $"{at}: category '{r[2]}' is not one of {string.Join(", ", Categories)}");
            Check(r[4].Length == 0, $"{at}: the sample cites no URLs");
            Check(keys.Add((time, r[1])), $"{at}: duplicate time and title");
            Check(SampleCalendar.Periods.Any(p => p.Contains(Iso.DayOf(time))), $"{at}: outside the sample periods");
        }
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")]
    private static partial Regex IsoTime();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$")]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"^-?\d+(\.\d+)?$")]
    private static partial Regex Decimal();

    [GeneratedRegex(@"^\d+$")]
    private static partial Regex Digits();
}
