using System.Globalization;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Ports;

namespace CryptoSignalTracker.Core.Validation;

/// <summary>
/// The rules every value crossing a trust boundary must pass (exchange frames, REST backfills, decoded bus messages,
/// values read back from stores, CLI files), named once here and listed in docs/validation.md. Each check returns
/// null when the value is acceptable, otherwise the reason in plain words (naming <c>what</c> was checked and the
/// bound it broke); the caller rejects the one bad item with that reason and counts it (<see cref="Rejections"/>).
/// </summary>
public static class InputRules
{
    /// <summary>Smallest price accepted (quote currency). Below any listed instrument's tick; rejects denormals such as 5e-324.</summary>
    public const double MinPrice = 1e-9;

    /// <summary>Largest price accepted: 10^9, far above any traded price, so sums of prices and sizes stay finite.</summary>
    public const double MaxPrice = 1e9;

    /// <summary>Smallest trade size accepted (base currency).</summary>
    public const double MinSize = 1e-9;

    /// <summary>Largest trade size accepted: 10^12 (memecoin trades reach 10^9); a minute of 10^6 such trades still sums finitely.</summary>
    public const double MaxSize = 1e12;

    /// <summary>Largest candle volume accepted: 10^18.</summary>
    public const double MaxVolume = 1e18;

    /// <summary>How far a live time may be ahead of the injected clock (exchange vs local clock skew plus the close grace).</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>Earliest time accepted anywhere: 2001-09-09 (<see cref="CandleStoreGuard.MinOpenTimeMs"/>; rejects 1970 and zero times).</summary>
    public const long MinTimeMs = CandleStoreGuard.MinOpenTimeMs;

    /// <summary>Latest time accepted anywhere (exclusive): 2286-11-20 (<see cref="CandleStoreGuard.MaxOpenTimeMs"/>; rejects 9999 and long.MaxValue).</summary>
    public const long MaxTimeMs = CandleStoreGuard.MaxOpenTimeMs;

    /// <summary>Longest id accepted (signal ids, Ingestor run ids, trade ids, message ids).</summary>
    public const int MaxIdLength = 128;

    /// <summary>Longest free text accepted in a message field (a signal's reason, a bias note).</summary>
    public const int MaxTextLength = 4096;

    /// <summary>A price: finite, in [<see cref="MinPrice"/>, <see cref="MaxPrice"/>].</summary>
    public static string? Price(double price, string what) =>
        IsPrice(price) ? null : Invariant($"{what} {price} is not a price in [{MinPrice}, {MaxPrice}]");

    /// <summary>The <see cref="Price"/> rule without a reason (allocation-free, for hot paths).</summary>
    public static bool IsPrice(double price) => price >= MinPrice && price <= MaxPrice; // false for NaN and infinities

    /// <summary>A trade size: finite, in [<see cref="MinSize"/>, <see cref="MaxSize"/>].</summary>
    public static string? Size(double size, string what) =>
        IsSize(size) ? null : Invariant($"{what} {size} is not a size in [{MinSize}, {MaxSize}]");

    /// <summary>The <see cref="Size"/> rule without a reason (allocation-free, for hot paths).</summary>
    public static bool IsSize(double size) => size >= MinSize && size <= MaxSize;

    /// <summary>A volume: finite, in [0, <see cref="MaxVolume"/>].</summary>
    public static string? Volume(double volume, string what) =>
        IsVolume(volume)
            ? null
            : Invariant($"{what} {volume} is not a volume in [0, {MaxVolume}]");

    /// <summary>The <see cref="Volume"/> rule without a reason (allocation-free, for hot paths).</summary>
    public static bool IsVolume(double volume) => double.IsFinite(volume) && volume >= 0 && volume <= MaxVolume;

    /// <summary>A time: in [<see cref="MinTimeMs"/>, <see cref="MaxTimeMs"/>) (2001 to 2286).</summary>
    public static string? Time(long timeMs, string what) =>
        timeMs >= MinTimeMs && timeMs < MaxTimeMs
            ? null
            : Invariant($"{what} {timeMs} ms is not a time between {WireNames.Time(MinTimeMs)} and {WireNames.Time(MaxTimeMs)}");

    /// <summary>
    /// A live time: <see cref="Time"/>, and not more than <see cref="MaxClockSkew"/> after <paramref name="clock"/>'s now
    /// (a trade or candle from the future would move every watermark past the real minutes).
    /// </summary>
    public static string? Live(long timeMs, TimeProvider clock, string what)
    {
        ArgumentNullException.ThrowIfNull(clock);
        if (Time(timeMs, what) is { } problem)
        {
            return problem;
        }

        var nowMs = clock.GetUtcNow().ToUnixTimeMilliseconds();
        return timeMs <= nowMs + (long)MaxClockSkew.TotalMilliseconds
            ? null
            : Invariant($"{what} {WireNames.Time(timeMs)} is more than {MaxClockSkew.TotalMinutes} minutes after the clock's {WireNames.Time(nowMs)}");
    }

    /// <summary>
    /// The <see cref="Candle(in Domain.Candle, string)"/> rule without a reason (allocation-free, for readers of millions of
    /// rows, which ask <see cref="Candle(in Domain.Candle, string)"/> for the reason only when this says no).
    /// </summary>
    public static bool IsCandle(in Candle candle) =>
        candle.OpenTimeMs >= MinTimeMs && candle.OpenTimeMs < MaxTimeMs
        && IsPrice(candle.Open) && IsPrice(candle.High) && IsPrice(candle.Low) && IsPrice(candle.Close)
        && IsVolume(candle.Volume)
        && candle.Low <= Math.Min(candle.Open, candle.Close) && candle.High >= Math.Max(candle.Open, candle.Close)
        && candle.Trades >= -1
        && (double.IsNaN(candle.BuyVolume) || IsVolume(candle.BuyVolume))
        && (double.IsNaN(candle.SellVolume) || IsVolume(candle.SellVolume));

    /// <summary>A candle: <see cref="Time"/>; open, high, low, close prices; low ≤ open, close ≤ high; a volume; trades -1 (unknown) or more; buy/sell volumes unknown (NaN) or volumes.</summary>
    public static string? Candle(in Candle candle, string what)
    {
        var c = candle;
        var problem = Time(c.OpenTimeMs, $"{what} open time")
            ?? Price(c.Open, $"{what} open")
            ?? Price(c.High, $"{what} high")
            ?? Price(c.Low, $"{what} low")
            ?? Price(c.Close, $"{what} close")
            ?? Volume(c.Volume, $"{what} volume");
        if (problem is not null)
        {
            return problem;
        }

        if (!(c.Low <= Math.Min(c.Open, c.Close) && c.High >= Math.Max(c.Open, c.Close)))
        {
            return Invariant($"{what} is inconsistent: open {c.Open} high {c.High} low {c.Low} close {c.Close} (low <= open, close <= high)");
        }

        if (c.Trades < -1)
        {
            return Invariant($"{what} trade count {c.Trades} is negative");
        }

        return (double.IsNaN(c.BuyVolume) ? null : Volume(c.BuyVolume, $"{what} buy volume"))
            ?? (double.IsNaN(c.SellVolume) ? null : Volume(c.SellVolume, $"{what} sell volume"));
    }

    /// <summary>A trade: <see cref="Time"/>, a well-formed symbol, a <see cref="Price"/> and a <see cref="Size"/>.</summary>
    public static string? Trade(in Trade trade, string what) =>
        Time(trade.TimeMs, $"{what} time")
        ?? Symbol(trade.Symbol, $"{what} symbol")
        ?? Price(trade.Price, $"{what} price")
        ?? Size(trade.Size, $"{what} size");

    /// <summary>A symbol: <see cref="Symbols.IsWellFormed"/> (2-20 of A-Z, 0-9: no NUL, no bidi override, no '/').</summary>
    public static string? Symbol(string? symbol, string what) =>
        Symbols.IsWellFormed(symbol) ? null : $"{what} '{Shown(symbol)}' is not a symbol (2-20 of A-Z, 0-9)";

    /// <summary>An id: 1 to <see cref="MaxIdLength"/> characters of A-Z, a-z, 0-9, '-', '_', '.', ':' (safe as a store key, a path segment, a log field).</summary>
    public static string? Id(string? id, string what)
    {
        if (string.IsNullOrEmpty(id) || id.Length > MaxIdLength)
        {
            return Invariant($"{what} must be 1 to {MaxIdLength} characters, was {id?.Length ?? 0}");
        }

        foreach (var ch in id)
        {
            if (!(char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' or '.' or ':'))
            {
                return $"{what} '{Shown(id)}' has the character U+{(int)ch:X4} (allowed: A-Z a-z 0-9 - _ . :)";
            }
        }

        return null;
    }

    /// <summary>Free text: at most <paramref name="maxLength"/> characters, no control characters (NUL included) and no bidirectional overrides or isolates.</summary>
    public static string? Text(string? text, string what, int maxLength = MaxTextLength)
    {
        if (text is null)
        {
            return null;
        }

        if (text.Length > maxLength)
        {
            return Invariant($"{what} is {text.Length} characters, more than {maxLength}");
        }

        foreach (var ch in text)
        {
            if ((char.IsControl(ch) && ch is not '\n' and not '\t') || ch is >= '\u202A' and <= '\u202E' || ch is >= '\u2066' and <= '\u2069')
            {
                return $"{what} has the control or bidirectional character U+{(int)ch:X4}";
            }
        }

        return null;
    }

    /// <summary>Entry levels of a <paramref name="side"/> position: prices, LONG stop &lt; entry &lt; target, SHORT target &lt; entry &lt; stop.</summary>
    public static string? Levels(Direction side, double entry, double stop, double target, string what)
    {
        var problem = Price(entry, $"{what} entry") ?? Price(stop, $"{what} stop") ?? Price(target, $"{what} target");
        if (problem is not null)
        {
            return problem;
        }

        var ordered = side == Direction.Long ? stop < entry && entry < target : target < entry && entry < stop;
        return ordered
            ? null
            : Invariant($"{what}: a {WireNames.Of(side)} needs {(side == Direction.Long ? "stop < entry < target" : "target < entry < stop")}, got stop {stop} entry {entry} target {target}");
    }

    /// <summary>A positive quantity (position size): finite, &gt; 0, at most <see cref="MaxSize"/>.</summary>
    public static string? Quantity(double quantity, string what) =>
        double.IsFinite(quantity) && quantity > 0 && quantity <= MaxSize
            ? null
            : Invariant($"{what} {quantity} is not a quantity in (0, {MaxSize}]");

    /// <summary>A confidence score: a number in [0, 100].</summary>
    public static string? Confidence(double confidence, string what) =>
        confidence is >= 0 and <= 100 ? null : Invariant($"{what} {confidence} is not in [0, 100]");

    /// <summary>
    /// A macro bias, with its fields named under <paramref name="prefix"/> (<c>bias</c> gives <c>field 'bias.note'</c>;
    /// empty gives <c>field 'note'</c>): <see cref="Symbol"/>, <see cref="Time"/> for both times, <see cref="Confidence"/>,
    /// <see cref="Text"/> for the note.
    /// </summary>
    public static string? Bias(MacroBias bias, string prefix)
    {
        ArgumentNullException.ThrowIfNull(bias);
        string Field(string name) => prefix.Length == 0 ? $"field '{name}'" : $"field '{prefix}.{name}'";
        return Symbol(bias.Symbol, Field("symbol"))
            ?? Time(bias.PublishedAtMs, Field("publishedAt"))
            ?? Time(bias.ExpiresAtMs, Field("expiresAt"))
            ?? Confidence(bias.Confidence, Field("confidence"))
            ?? Text(bias.Note, Field("note"));
    }

    /// <summary>Text for an error message: at most 40 characters, control and bidi characters escaped.</summary>
    public static string Shown(string? text)
    {
        if (text is null)
        {
            return "(null)";
        }

        var shown = text.Length > 40 ? text[..40] + "…" : text;
        var builder = new System.Text.StringBuilder(shown.Length);
        foreach (var ch in shown)
        {
            if (char.IsControl(ch) || ch is >= '\u202A' and <= '\u202E' || ch is >= '\u2066' and <= '\u2069')
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)ch:x4}");
            }
            else
            {
                builder.Append(ch);
            }
        }

        return builder.ToString();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
