namespace ReportForge.Reporting.Analysis.Outlook;

/// <summary>Reads the data the outlook paragraph follows: whether leverage was reset, where the leading asset closed, what funding says.</summary>
public static class OutlookReading
{
    /// <summary>The outlook inputs of <paramref name="facts"/>, or null without prices.</summary>
    public static OutlookFacts? Of(BriefFacts facts)
    {
        if (LeadingAsset.Of(facts) is not { } lead)
        {
            return null;
        }

        var leverage = facts.Leverage;
        var reset = leverage?.OpenInterestChangePct is { } change && change <= AnalysisThresholds.FlushPct;
        var stillHigh = leverage is { OpenInterestChangePct: >= 0 } || leverage is { OpenInterestWeekBeforePct: >= AnalysisThresholds.BuildUpPct, OpenInterestChangePct: null or > AnalysisThresholds.FlushPct };
        var fundingNegative = leverage?.FundingSign == "negative";
        var nearLow = lead.ReboundFromLowPct <= 1.5;
        var rebounded = lead.ReboundFromLowPct >= 3;
        var belowLevel = lead.LevelBroken is { } level && lead.Close < level;
        var tone = (reset, stillHigh, nearLow || belowLevel, rebounded) switch
        {
            (_, true, true, _) => "fragile",
            (true, _, _, true) => "stabilising",
            (_, _, true, _) => "fragile",
            (_, _, _, true) => "stabilising",
            _ => "uncertain",
        };
        return new OutlookFacts(lead.Asset, lead.Name, reset, stillHigh, fundingNegative, nearLow, rebounded, belowLevel,
            belowLevel ? lead.LevelBroken : null, lead.ReboundFromLowPct, tone);
    }
}
