namespace ReportForge.SampleData;

/// <summary>Builds every part of the sample in dependency order: prices first, then what is derived from them.</summary>
internal static class Generator
{
    // Fixed seeds, one per concern: the output is the same on every run and machine.
    private const int MarketFactorSeed = 20250203;
    private const int IndexSeed = 1001;
    private const int LiquidationPlanSeed = 2001;
    private const int LiquidationSeed = 2002;
    private const int MarketSeed = 3001;
    private const int DerivativesSeed = 4001;

    public static void Run(string folder)
    {
        var hourly = new List<Candle>();
        foreach (var period in SampleCalendar.Periods)
        {
            var builder = new PricePathBuilder(period, PricePathBuilder.MarketShocks(period, MarketFactorSeed + period.First.DayNumber));
            foreach (var asset in Assets.Crypto)
            {
                hourly.AddRange(builder.Build(asset, PriceHistory.For(asset, period)));
            }

            Console.WriteLine($"{period.Name}: {builder.Clamped} path points or wicks pulled inside their bands");
        }

        var candles = new CandleBook(hourly, [.. DailyBars.FromHourly(hourly)], EquityIndexBuilder.Build(IndexSeed));
        var plan = LiquidationPlan.Build(candles, LiquidationPlanSeed);
        var liquidations = new LiquidationBuilder(candles, LiquidationSeed);
        liquidations.Build(plan);

        DatasetWriter.WriteAll(
            folder,
            candles,
            liquidations.Buckets,
            liquidations.Orders,
            MarketBuilder.Build(candles, MarketSeed),
            DerivativesBuilder.Build(candles, DerivativesSeed),
            Catalysts.All);
        Console.WriteLine($"Wrote {folder}");
    }
}
