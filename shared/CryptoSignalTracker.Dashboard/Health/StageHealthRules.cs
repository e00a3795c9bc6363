using System.Globalization;
using CryptoSignalTracker.Core.Health;

namespace CryptoSignalTracker.Dashboard.Health;

/// <summary>
/// Green, amber or red for each stage from its health record (<see cref="StageHeartbeat"/>), with the reason in words.
/// Every threshold is a limit that is still fine: one millisecond past it changes the colour.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Ingestor, Aggregator, LogicEngine (data every minute): amber when the newest thing handled is more than
/// <see cref="FlowAmber"/> behind the exchange clock, or (live) no event for more than <see cref="FlowAmber"/>; red past
/// <see cref="FlowRed"/>.</item>
/// <item>MacroEngine (scheduled every 5 minutes in the cloud, <c>--macro-every</c> in <c>cst run</c>): live, amber after
/// <see cref="MacroAmber"/> without a run, red after <see cref="MacroRed"/>. Its lag is shown, not judged (the bias is
/// decided on 4-hour candles).</item>
/// <item>Notifier: sends only when there is a signal, so silence is not judged; no record is green ("nothing sent yet").</item>
/// <item>Any stage: a dead letter makes it amber, live while the newest is within <see cref="DeadLetterWindow"/>, over a
/// replay or a stopped run whenever the run had one.</item>
/// <item>No record: live, red (the stage never ran against this store); over a replay or a stopped run, off (the stage
/// was not part of that run).</item>
/// </list>
/// Live, the clock is the wall clock; over a replay or a stopped run it is the run's last decided minute
/// (<see cref="DashboardClock"/>), and event times (the wall clock when the stage ran) are shown but not judged. While a
/// replay runs its lag is shown but not judged either: its clock runs at <c>--speed</c> and the records are written at
/// most once a second, hours of data apart; once it stopped the last records are exact and the lag is judged.
/// </remarks>
public static class StageHealthRules
{
    /// <summary>A flow stage more than this behind the exchange, or silent this long (live), is amber: 3 minutes.</summary>
    public static readonly TimeSpan FlowAmber = TimeSpan.FromMinutes(3);

    /// <summary>A flow stage more than this behind the exchange, or silent this long (live), is red: 10 minutes.</summary>
    public static readonly TimeSpan FlowRed = TimeSpan.FromMinutes(10);

    /// <summary>A MacroEngine without a run for longer than this is amber (live): 15 minutes, three missed 5-minute runs.</summary>
    public static readonly TimeSpan MacroAmber = TimeSpan.FromMinutes(15);

    /// <summary>A MacroEngine without a run for longer than this is red (live): 60 minutes.</summary>
    public static readonly TimeSpan MacroRed = TimeSpan.FromMinutes(60);

    /// <summary>A live stage whose newest dead letter is at most this old is amber: 1 hour.</summary>
    public static readonly TimeSpan DeadLetterWindow = TimeSpan.FromHours(1);

    /// <summary>The health of <paramref name="stage"/> from <paramref name="record"/> (null: never written) at <paramref name="now"/>.</summary>
    public static StageHealth Evaluate(string stage, StageHeartbeat? record, DateTimeOffset now, DashboardMode mode)
    {
        ArgumentException.ThrowIfNullOrEmpty(stage);
        var nowMs = now.ToUnixTimeMilliseconds();
        var live = mode == DashboardMode.Live;
        if (record is null)
        {
            return stage == PipelineStages.Notifier
                ? new StageHealth(stage, StageLevel.Green, "nothing sent yet (it sends only when there is a signal)", null, null)
                : live
                    ? new StageHealth(stage, StageLevel.Red, "no heartbeat: it has not run against this store", null, null)
                    : new StageHealth(stage, StageLevel.Off, "not part of this run (no heartbeat)", null, null);
        }

        TimeSpan? silence = live && record.LastEventMs is { } last ? Span(nowMs - last) : null;
        TimeSpan? lag = record.ExchangeTimeMs is { } exchange ? Span(nowMs - exchange) : null;
        var level = StageLevel.Green;
        var reasons = new List<string>();
        void Raise(StageLevel to, string why)
        {
            level = to > level ? to : level;
            reasons.Add(why);
        }

        var flow = stage is PipelineStages.Ingestor or PipelineStages.Aggregator or PipelineStages.LogicEngine;
        if (flow)
        {
            if (live && record.LastEventMs is null)
            {
                Raise(StageLevel.Red, "no event handled yet");
            }

            Judge(silence, FlowAmber, FlowRed, s => $"no event for {Words(s)}", Raise);
            if (mode != DashboardMode.Replay)
            {
                Judge(lag, FlowAmber, FlowRed, l => $"{Words(l)} behind the exchange", Raise);
            }
        }
        else if (stage == PipelineStages.MacroEngine)
        {
            Judge(silence, MacroAmber, MacroRed, s => $"no run for {Words(s)}", Raise);
        }

        if (record.DeadLetters > 0)
        {
            var count = record.DeadLetters.ToString(CultureInfo.InvariantCulture) + (record.DeadLetters == 1 ? " dead letter" : " dead letters");
            if (!live)
            {
                Raise(StageLevel.Amber, $"{count} in this run");
            }
            else if (record.LastDeadLetterMs is { } dead && nowMs - dead <= (long)DeadLetterWindow.TotalMilliseconds)
            {
                Raise(StageLevel.Amber, $"{count}, the newest {Words(Span(nowMs - dead))} ago");
            }
        }

        if (level == StageLevel.Green)
        {
            reasons.Add(Green(stage, record, silence, lag));
        }

        if (record.Note is { Length: > 0 } note)
        {
            reasons.Add(note);
        }

        return new StageHealth(stage, level, string.Join("; ", reasons), silence, lag);
    }

    /// <summary>The worst of <paramref name="stages"/> (off ones aside), and why: each stage that is not green, or that all are.</summary>
    public static (StageLevel Level, string Reason) Overall(IReadOnlyList<StageHealth> stages)
    {
        ArgumentNullException.ThrowIfNull(stages);
        var judged = stages.Where(s => s.Level != StageLevel.Off).ToList();
        if (judged.Count == 0)
        {
            return (StageLevel.Amber, "no stage has a heartbeat");
        }

        var worst = judged.Max(s => s.Level);
        var bad = judged.Where(s => s.Level != StageLevel.Green).ToList();
        return bad.Count == 0
            ? (worst, $"every stage is green ({string.Join(", ", judged.Select(s => s.Stage))})")
            : (worst, string.Join("; ", bad.Select(s => $"{s.Stage}: {s.Reason}")));
    }

    /// <summary>A span in words: <c>45 s</c>, <c>3 min</c>, <c>2 h 5 min</c>, <c>3 d 4 h</c>.</summary>
    public static string Words(TimeSpan span) => span switch
    {
        { TotalSeconds: < 60 } => string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalSeconds} s"),
        { TotalMinutes: < 60 } => string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalMinutes} min"),
        { TotalHours: < 24 } => string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours} h {span.Minutes} min"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalDays} d {span.Hours} h"),
    };

    private static void Judge(TimeSpan? value, TimeSpan amber, TimeSpan red, Func<TimeSpan, string> why, Action<StageLevel, string> raise)
    {
        if (value is not { } v)
        {
            return;
        }

        if (v > red)
        {
            raise(StageLevel.Red, why(v) + $" (red past {Words(red)})");
        }
        else if (v > amber)
        {
            raise(StageLevel.Amber, why(v) + $" (amber past {Words(amber)})");
        }
    }

    private static string Green(string stage, StageHeartbeat record, TimeSpan? silence, TimeSpan? lag)
    {
        var parts = new List<string>();
        if (silence is { } s)
        {
            parts.Add($"last event {Words(s)} ago");
        }

        if (lag is { } l && stage != PipelineStages.Notifier)
        {
            parts.Add($"{Words(l)} behind the exchange");
        }

        if (parts.Count == 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{record.Events} handled"));
        }

        return string.Join(", ", parts);
    }

    private static TimeSpan Span(long ms) => TimeSpan.FromMilliseconds(Math.Max(0, ms));
}

/// <summary>A stage's colour; <see cref="Off"/> when it was not part of a finished run.</summary>
public enum StageLevel
{
    /// <summary>Working.</summary>
    Green,

    /// <summary>Behind, silent for a while, or dead-lettering.</summary>
    Amber,

    /// <summary>Stopped or far behind.</summary>
    Red,

    /// <summary>Not part of this (replayed or stopped) run: not judged.</summary>
    Off = -1,
}

/// <summary>One stage's health: its colour and why, how long since its last event (live only) and how far behind the exchange.</summary>
public sealed record StageHealth(string Stage, StageLevel Level, string Reason, TimeSpan? Silence, TimeSpan? Lag);
