using System.Data.Common;
using Dapper;
using ReportForge.Data.Storage;

namespace ReportForge.Data.Candles;

/// <summary>Writes and reads the candles table.</summary>
public static class CandleStore
{
    private const string UpsertSql =
        """
        INSERT INTO candles (asset, interval, time, open, high, low, close, volume_usd, source)
        VALUES ($asset, $interval, $time, $open, $high, $low, $close, $volume, $source)
        ON CONFLICT (asset, interval, time) DO UPDATE SET
            open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close,
            volume_usd = excluded.volume_usd, source = excluded.source
        WHERE candles.open IS NOT excluded.open OR candles.high IS NOT excluded.high
           OR candles.low IS NOT excluded.low OR candles.close IS NOT excluded.close
           OR candles.volume_usd IS NOT excluded.volume_usd OR candles.source IS NOT excluded.source
        """;

    private static readonly string[] Parameters = ["$asset", "$interval", "$time", "$open", "$high", "$low", "$close", "$volume", "$source"];

    /// <summary>Inserts new candles and updates changed ones; returns how many rows changed.</summary>
    public static int Upsert(DbTransaction transaction, IEnumerable<Candle> candles, CancellationToken cancellationToken) =>
        PreparedBatch.Execute(transaction, UpsertSql, Parameters, candles, static (c, p) =>
        {
            p[0].Value = c.Asset;
            p[1].Value = c.Interval.ToCode();
            p[2].Value = c.Time.ToUnixTimeMilliseconds();
            p[3].Value = c.Open;
            p[4].Value = c.High;
            p[5].Value = c.Low;
            p[6].Value = c.Close;
            p[7].Value = c.VolumeUsd;
            p[8].Value = c.Source;
        }, cancellationToken);

    /// <summary>Candles of one asset and interval whose open time lies in [from, to), oldest first.</summary>
    public static async Task<IReadOnlyList<Candle>> RangeAsync(
        DbConnection connection, string asset, CandleInterval interval, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<CandleRow>(new CommandDefinition(
            """
            SELECT asset, time, open, high, low, close, volume_usd AS VolumeUsd, source
            FROM candles
            WHERE asset = @asset AND interval = @interval AND time >= @from AND time < @to
            ORDER BY time
            """,
            new { asset, interval = interval.ToCode(), from = from.ToUnixTimeMilliseconds(), to = to.ToUnixTimeMilliseconds() },
            cancellationToken: cancellationToken));
        return rows.Select(r => new Candle(r.Asset, interval, DateTimeOffset.FromUnixTimeMilliseconds(r.Time), r.Open, r.High, r.Low, r.Close, r.VolumeUsd, r.Source)).ToList();
    }

    private sealed record CandleRow
    {
        public string Asset { get; init; } = "";
        public long Time { get; init; }
        public double Open { get; init; }
        public double High { get; init; }
        public double Low { get; init; }
        public double Close { get; init; }
        public double VolumeUsd { get; init; }
        public string Source { get; init; } = "";
    }
}
