using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Live;

/// <summary>How the <see cref="LiveEngine"/> runs (configuration section <c>Logic</c>).</summary>
public sealed record LiveEngineOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string Section = "Logic";

    /// <summary>The default for <see cref="BarrierGraceMinutes"/>.</summary>
    public const int DefaultBarrierGraceMinutes = 2;

    /// <summary>
    /// The symbols traded (default the nine of the architecture note). A candle of any other symbol is refused. Settable
    /// (not init-only) so the LogicEngine's options binding can apply <c>SYMBOLS</c> after binding section <c>Logic</c>.
    /// </summary>
    public IReadOnlyList<string> Symbols { get; set; } = Core.Domain.Symbols.Default;

    /// <summary>
    /// True (default, live and replays): the macro rules run inside the engine on 5m/4h candles resampled from the 1m
    /// candles it decides (the pipeline's own Bybit candles), exactly as the backtester resamples them: every closed
    /// 5-minute candle is decided once, in order, at the minute that closes it, its SWING entry at its Bybit close; the
    /// bias is stored and published on <c>macro-bias-updates</c>. False (the former live mode, kept for a deployment
    /// that wants an outside macro source): the bias comes from the bias store and SWING set-ups from swing intents in
    /// the state store, as the MacroEngine writes them with <c>MacroEngine:Role=Decide</c> (Kraken candles).
    /// </summary>
    public bool ResampleMacro { get; init; } = true;

    /// <summary>
    /// True (default): on a new deployment (no watermark yet) the 4-hour EMA of the macro rules is warmed up, before the
    /// first minute, with the last 3 × EMA period closed 4-hour candles of Kraken (else CryptoCompare) from before the
    /// first 4-hour bucket of the pipeline's own candles, journalled so a rebuild replays the same warm-up. Without it
    /// (false, or both sources down, or no <see cref="LivePorts.MacroHistory"/>) the EMA needs about 80 hours of the
    /// pipeline's own candles, as a backtest on them. Only with <see cref="ResampleMacro"/>. Environment:
    /// <c>Logic__MacroWarmUp</c>.
    /// </summary>
    public bool MacroWarmUp { get; init; } = true;

    /// <summary>
    /// A minute is decided once every symbol's candle for it has arrived (or the symbol has moved past it); a symbol
    /// still silent when another symbol is this many minutes further is decided without (a hole, as in a backtest).
    /// Default 2; 1 is exact for a source that delivers candles in time order.
    /// </summary>
    public int BarrierGraceMinutes { get; init; } = DefaultBarrierGraceMinutes;

    /// <summary>
    /// The least wall-clock time a minute waits for a silent symbol before it is decided without it (default 2 minutes;
    /// live, candle time and wall time run together, so this only matters when candles arrive faster than real time,
    /// e.g. a fast replay through the live path). Replays whose candles come in time order use zero.
    /// </summary>
    public TimeSpan BarrierWait { get; init; } = TimeSpan.FromMinutes(DefaultBarrierGraceMinutes);

    /// <summary>How many minutes after its 5m candle closed a swing intent may still be applied (default 10).</summary>
    public int SwingIntentMaxAgeMinutes { get; init; } = 10;

    /// <summary>
    /// False (default): forming candles (<c>candles-1m</c> events marked forming, from <c>Aggregator:FormingEvery</c>) are
    /// ignored. True: each is peeked with the engine as of the last decided minute and a set-up the filter and risk rules
    /// would take is published as an ENTRY marked forming (id suffix <c>-forming</c>): an early warning, not a paper
    /// trade (no position, no exit, no journal). Environment: <c>Logic__EvaluateForming=true</c>.
    /// </summary>
    public bool EvaluateForming { get; init; }

    /// <summary>The default for <see cref="SnapshotEveryMinutes"/>.</summary>
    public const int DefaultSnapshotEveryMinutes = 60;

    /// <summary>
    /// How often (in decided minutes) the engine's state is snapshotted in the state store (collection
    /// <c>logic-snapshots</c>), so a rebuild loads the newest snapshot and replays at most this many minutes instead of the
    /// whole history (default 60; 0 turns snapshots off: every rebuild replays from the first decided minute).
    /// </summary>
    public int SnapshotEveryMinutes { get; init; } = DefaultSnapshotEveryMinutes;

    /// <summary>
    /// How many snapshots are kept (default 3): a damaged newest one falls back to the next. The journal is kept from the
    /// oldest kept snapshot on.
    /// </summary>
    public int SnapshotsKept { get; init; } = 3;

    /// <summary>Checks the options; throws <see cref="ArgumentException"/> naming the bad one.</summary>
    public LiveEngineOptions Validate()
    {
        if (Symbols is null || Symbols.Count == 0)
        {
            throw new ArgumentException("Logic:Symbols must name at least one symbol", nameof(Symbols));
        }

        foreach (var symbol in Symbols)
        {
            if (!Core.Domain.Symbols.IsWellFormed(symbol))
            {
                throw new ArgumentException($"Logic:Symbols has '{symbol}', which is not a symbol like BTCUSDT", nameof(Symbols));
            }
        }

        if (Symbols.Distinct(StringComparer.Ordinal).Count() != Symbols.Count)
        {
            throw new ArgumentException("Logic:Symbols names a symbol twice", nameof(Symbols));
        }

        if (BarrierGraceMinutes is < 1 or > 60)
        {
            throw new ArgumentException($"Logic:BarrierGraceMinutes must be 1..60, was {BarrierGraceMinutes}", nameof(BarrierGraceMinutes));
        }

        if (BarrierWait < TimeSpan.Zero || BarrierWait > TimeSpan.FromHours(1))
        {
            throw new ArgumentException($"Logic:BarrierWait must be 0..1 hour, was {BarrierWait}", nameof(BarrierWait));
        }

        if (SwingIntentMaxAgeMinutes is < 1 or > 240)
        {
            throw new ArgumentException($"Logic:SwingIntentMaxAgeMinutes must be 1..240, was {SwingIntentMaxAgeMinutes}", nameof(SwingIntentMaxAgeMinutes));
        }

        if (SnapshotEveryMinutes is < 0 or > 10_080)
        {
            throw new ArgumentException($"Logic:SnapshotEveryMinutes must be 0 (off)..10080, was {SnapshotEveryMinutes}", nameof(SnapshotEveryMinutes));
        }

        if (SnapshotsKept is < 1 or > 100)
        {
            throw new ArgumentException($"Logic:SnapshotsKept must be 1..100, was {SnapshotsKept}", nameof(SnapshotsKept));
        }

        return this;
    }
}
