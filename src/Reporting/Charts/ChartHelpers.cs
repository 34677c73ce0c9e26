using System.Text.Json;
using HandlebarsDotNet;
using ReportForge.Reporting.Templates;

namespace ReportForge.Reporting.Charts;

/// <summary>The `chart` helper: draws a chart as inline SVG from the facts a template hands it, so an archived brief draws the same charts again.</summary>
/// <example>{{chart "prices" charts}} · {{chart "liquidations-by-asset" liquidations}} · {{chart "liquidations-by-exchange" liquidations}}</example>
internal static class ChartHelpers
{
    private static readonly string[] Names = ["prices", "liquidations-by-asset", "liquidations-by-exchange"];

    public static void Register(IHandlebars handlebars) =>
        handlebars.RegisterHelper("chart", (output, _, args) =>
        {
            if (args.Length != 2 || args[0] is not string name)
            {
                throw new HandlebarsRuntimeException("'chart' takes a chart name and its facts; write it like {{chart \"prices\" charts}}.");
            }

            // Missing facts draw nothing: the template's {{#if}} around the figure drops it with its caption.
            if (args[1] is null)
            {
                return;
            }

            output.WriteSafeString(Render(name, args[1]!));
        });

    /// <summary>The SVG of chart <paramref name="name"/> for the template value <paramref name="facts"/>.</summary>
    public static string Render(string name, object facts) => name switch
    {
        "prices" => PriceChart.Render(Read<ChartFacts>(facts, name)),
        "liquidations-by-asset" => LiquidationBars.ByAsset(Read<LiquidationSlices>(facts, name).ByAsset),
        "liquidations-by-exchange" => LiquidationBars.ByExchange(Read<LiquidationSlices>(facts, name).ByExchange),
        _ => throw new HandlebarsRuntimeException($"'chart' does not know '{name}'; the charts are {string.Join(", ", Names.Select(n => "\"" + n + "\""))}."),
    };

    // Templates see facts as plain dictionaries (see BriefModel); the charts read them back by name.
    private static T Read<T>(object value, string name)
    {
        try
        {
            return JsonSerializer.SerializeToElement(value, BriefModel.Json).Deserialize<T>(BriefModel.Json)
                   ?? throw new HandlebarsRuntimeException($"'chart \"{name}\"' was given empty facts.");
        }
        catch (JsonException e)
        {
            throw new HandlebarsRuntimeException($"'chart \"{name}\"' was given facts of the wrong shape: {e.Message}");
        }
    }
}
