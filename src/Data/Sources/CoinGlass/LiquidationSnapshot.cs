using System.Data.Common;
using ReportForge.Data.Storage;

namespace ReportForge.Data.Sources.CoinGlass;

/// <summary>A rolling-range liquidation aggregate of one exchange ("All" = every exchange) as it stood at <see cref="TakenAt"/>.</summary>
public sealed record LiquidationSnapshot(DateTimeOffset TakenAt, string Range, string Exchange, double Usd, double LongUsd, double ShortUsd, string Source);

/// <summary>Writes liquidation snapshots.</summary>
public static class LiquidationSnapshotStore
{
    private const string UpsertSql =
        """
        INSERT INTO liquidation_snapshots (source, taken_at, range, exchange, usd, long_usd, short_usd)
        VALUES ($source, $taken, $range, $exchange, $usd, $long, $short)
        ON CONFLICT (source, taken_at, range, exchange) DO UPDATE SET
            usd = excluded.usd, long_usd = excluded.long_usd, short_usd = excluded.short_usd
        WHERE liquidation_snapshots.usd IS NOT excluded.usd OR liquidation_snapshots.long_usd IS NOT excluded.long_usd
           OR liquidation_snapshots.short_usd IS NOT excluded.short_usd
        """;

    private static readonly string[] Parameters = ["$source", "$taken", "$range", "$exchange", "$usd", "$long", "$short"];

    public static int Upsert(DbTransaction transaction, IEnumerable<LiquidationSnapshot> snapshots, CancellationToken cancellationToken) =>
        PreparedBatch.Execute(transaction, UpsertSql, Parameters, snapshots, static (s, p) =>
        {
            p[0].Value = s.Source;
            p[1].Value = s.TakenAt.ToUnixTimeMilliseconds();
            p[2].Value = s.Range;
            p[3].Value = s.Exchange;
            p[4].Value = s.Usd;
            p[5].Value = s.LongUsd;
            p[6].Value = s.ShortUsd;
        }, cancellationToken);
}
