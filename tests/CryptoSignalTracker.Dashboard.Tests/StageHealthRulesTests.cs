using CryptoSignalTracker.Core.Health;
using CryptoSignalTracker.Dashboard.Health;

namespace CryptoSignalTracker.Dashboard.Tests;

/// <summary>The stages' colour rules at each threshold: the limit itself is still the better colour, one millisecond past it is not.</summary>
public sealed class StageHealthRulesTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeMilliseconds(1_751_215_260_000);
    private static readonly long NowMs = Now.ToUnixTimeMilliseconds();

    private static StageHeartbeat Record(string stage, TimeSpan? silence, TimeSpan? lag, long deadLetters = 0, TimeSpan? deadLetterAge = null) => new(
        stage,
        silence is { } s ? NowMs - (long)s.TotalMilliseconds : null,
        lag is { } l ? NowMs - (long)l.TotalMilliseconds : null,
        100, deadLetters, 0, 0,
        deadLetterAge is { } d ? NowMs - (long)d.TotalMilliseconds : null,
        null, NowMs);

    private static readonly TimeSpan Ms = TimeSpan.FromMilliseconds(1);

    public static TheoryData<string> FlowStages => [PipelineStages.Ingestor, PipelineStages.Aggregator, PipelineStages.LogicEngine];

    [Theory]
    [MemberData(nameof(FlowStages))]
    public void Flow_Lag_GreenAtAmberLimit_AmberPastIt_AmberAtRedLimit_RedPastIt(string stage)
    {
        StageLevel At(TimeSpan lag) => StageHealthRules.Evaluate(stage, Record(stage, TimeSpan.FromSeconds(5), lag), Now, DashboardMode.Live).Level;

        Assert.Equal(StageLevel.Green, At(StageHealthRules.FlowAmber));
        Assert.Equal(StageLevel.Amber, At(StageHealthRules.FlowAmber + Ms));
        Assert.Equal(StageLevel.Amber, At(StageHealthRules.FlowRed));
        Assert.Equal(StageLevel.Red, At(StageHealthRules.FlowRed + Ms));
    }

    [Theory]
    [MemberData(nameof(FlowStages))]
    public void Flow_SilenceLive_SameLimits_WithTheReasonInWords(string stage)
    {
        StageHealth At(TimeSpan silence) => StageHealthRules.Evaluate(stage, Record(stage, silence, TimeSpan.FromSeconds(30)), Now, DashboardMode.Live);

        Assert.Equal(StageLevel.Green, At(StageHealthRules.FlowAmber).Level);
        var amber = At(StageHealthRules.FlowAmber + Ms);
        Assert.Equal(StageLevel.Amber, amber.Level);
        Assert.Equal("no event for 3 min (amber past 3 min)", amber.Reason);
        Assert.Equal(StageLevel.Amber, At(StageHealthRules.FlowRed).Level);
        var red = At(StageHealthRules.FlowRed + TimeSpan.FromMinutes(2));
        Assert.Equal(StageLevel.Red, red.Level);
        Assert.Equal("no event for 12 min (red past 10 min)", red.Reason);
    }

    [Fact]
    public void Flow_Green_SaysHowLongAgoAndHowFarBehind()
    {
        var health = StageHealthRules.Evaluate(PipelineStages.LogicEngine, Record(PipelineStages.LogicEngine, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(75)), Now, DashboardMode.Live);

        Assert.Equal(StageLevel.Green, health.Level);
        Assert.Equal("last event 20 s ago, 1 min behind the exchange", health.Reason);
        Assert.Equal(TimeSpan.FromSeconds(75), health.Lag);
        Assert.Equal(TimeSpan.FromSeconds(20), health.Silence);
    }

    [Fact]
    public void Stopped_WallClockSilenceIsNotJudged_LagIs()
    {
        // A stopped run's record was written days before (wall clock); only its data time counts against the run's clock.
        var old = Record(PipelineStages.LogicEngine, TimeSpan.FromDays(3), TimeSpan.Zero);
        var health = StageHealthRules.Evaluate(PipelineStages.LogicEngine, old, Now, DashboardMode.Stopped);
        Assert.Equal(StageLevel.Green, health.Level);
        Assert.Null(health.Silence);

        var behind = StageHealthRules.Evaluate(PipelineStages.LogicEngine, Record(PipelineStages.LogicEngine, TimeSpan.FromDays(3), StageHealthRules.FlowRed + Ms), Now, DashboardMode.Stopped);
        Assert.Equal(StageLevel.Red, behind.Level);
        Assert.Equal("10 min behind the exchange (red past 10 min)", behind.Reason);
    }

    [Fact]
    public void Replay_LagIsShownNotJudged()
    {
        var health = StageHealthRules.Evaluate(PipelineStages.Aggregator, Record(PipelineStages.Aggregator, TimeSpan.Zero, TimeSpan.FromHours(5)), Now, DashboardMode.Replay);

        Assert.Equal(StageLevel.Green, health.Level);
        Assert.Equal(TimeSpan.FromHours(5), health.Lag);
    }

    [Fact]
    public void Macro_SilenceLimits_LagNotJudged()
    {
        StageLevel At(TimeSpan silence) => StageHealthRules.Evaluate(
            PipelineStages.MacroEngine, Record(PipelineStages.MacroEngine, silence, TimeSpan.FromHours(9)), Now, DashboardMode.Live).Level;

        Assert.Equal(StageLevel.Green, At(StageHealthRules.MacroAmber));
        Assert.Equal(StageLevel.Amber, At(StageHealthRules.MacroAmber + Ms));
        Assert.Equal(StageLevel.Amber, At(StageHealthRules.MacroRed));
        Assert.Equal(StageLevel.Red, At(StageHealthRules.MacroRed + Ms));
    }

    [Fact]
    public void Notifier_SilenceAndLagNotJudged_NoRecordIsGreen()
    {
        var quiet = StageHealthRules.Evaluate(PipelineStages.Notifier, Record(PipelineStages.Notifier, TimeSpan.FromDays(2), TimeSpan.FromDays(2)), Now, DashboardMode.Live);
        Assert.Equal(StageLevel.Green, quiet.Level);

        var never = StageHealthRules.Evaluate(PipelineStages.Notifier, null, Now, DashboardMode.Live);
        Assert.Equal(StageLevel.Green, never.Level);
        Assert.Equal("nothing sent yet (it sends only when there is a signal)", never.Reason);
    }

    [Fact]
    public void NoRecord_LiveRed_FinishedRunOff()
    {
        var live = StageHealthRules.Evaluate(PipelineStages.Ingestor, null, Now, DashboardMode.Live);
        Assert.Equal(StageLevel.Red, live.Level);
        Assert.Equal("no heartbeat: it has not run against this store", live.Reason);

        Assert.Equal(StageLevel.Off, StageHealthRules.Evaluate(PipelineStages.MacroEngine, null, Now, DashboardMode.Stopped).Level);
        Assert.Equal(StageLevel.Off, StageHealthRules.Evaluate(PipelineStages.MacroEngine, null, Now, DashboardMode.Replay).Level);
    }

    [Fact]
    public void DeadLetter_LiveAmberWithinTheWindow_GreenPastIt_FinishedRunAlwaysAmber()
    {
        StageHealth Live(TimeSpan age) => StageHealthRules.Evaluate(
            PipelineStages.Notifier, Record(PipelineStages.Notifier, TimeSpan.FromSeconds(1), null, 2, age), Now, DashboardMode.Live);

        var inside = Live(StageHealthRules.DeadLetterWindow);
        Assert.Equal(StageLevel.Amber, inside.Level);
        Assert.Equal("2 dead letters, the newest 1 h 0 min ago", inside.Reason);
        Assert.Equal(StageLevel.Green, Live(StageHealthRules.DeadLetterWindow + Ms).Level);

        var stopped = StageHealthRules.Evaluate(
            PipelineStages.Aggregator, Record(PipelineStages.Aggregator, TimeSpan.FromDays(9), TimeSpan.Zero, 1, TimeSpan.FromDays(9)), Now, DashboardMode.Stopped);
        Assert.Equal(StageLevel.Amber, stopped.Level);
        Assert.Equal("1 dead letter in this run", stopped.Reason);
    }

    [Fact]
    public void Overall_WorstWins_OffIgnored_NamesTheStagesThatAreNotGreen()
    {
        var stages = new[]
        {
            new StageHealth(PipelineStages.Ingestor, StageLevel.Green, "ok", null, null),
            new StageHealth(PipelineStages.Aggregator, StageLevel.Amber, "1 dead letter in this run", null, null),
            new StageHealth(PipelineStages.MacroEngine, StageLevel.Off, "not part of this run (no heartbeat)", null, null),
        };

        Assert.Equal((StageLevel.Amber, "Aggregator: 1 dead letter in this run"), StageHealthRules.Overall(stages));
        Assert.Equal((StageLevel.Green, "every stage is green (Ingestor)"), StageHealthRules.Overall([stages[0], stages[2]]));
        Assert.Equal(StageLevel.Amber, StageHealthRules.Overall([stages[2]]).Level);
    }

    [Theory]
    [InlineData(59_999, "59 s")]
    [InlineData(60_000, "1 min")]
    [InlineData(3_599_999, "59 min")]
    [InlineData(7_500_000, "2 h 5 min")]
    [InlineData(273_600_000, "3 d 4 h")]
    public void Words_SaysTheSpan(long ms, string words) => Assert.Equal(words, StageHealthRules.Words(TimeSpan.FromMilliseconds(ms)));
}
