using System.Buffers;
using System.Text.Json;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Core.Validation;

namespace CryptoSignalTracker.Exchanges.Bybit.Pipeline;

/// <summary>
/// The JSON of the messages on <c>raw-tick-data-bybit</c> and <c>candles-1m</c> (schemas in README, "The live
/// pipeline"). Numbers are written in shortest round-trip form, times as Unix ms plus ISO 8601 for people.
/// </summary>
public static class RawTickMessageCodec
{
    /// <summary>Schema version written and accepted.</summary>
    public const int Version = 1;

    /// <summary><c>kind</c> of a trade batch.</summary>
    public const string TradesKind = "trades";

    /// <summary><c>kind</c> of a minute-closed marker.</summary>
    public const string MinuteClosedKind = "minute_closed";

    /// <summary>The <c>kind</c> attribute of a forming candles-1m event (closed ones carry no <c>kind</c>).</summary>
    public const string FormingKind = "forming";

    /// <summary>The <c>kind</c> attribute of a correction candles-1m event (a closed minute rewritten by late trades).</summary>
    public const string CorrectionKind = "correction";

    private const long MinuteMs = 60_000;

    /// <summary>A trade batch as a bus message (ordering key = symbol).</summary>
    public static BusMessage Encode(TradeBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("v", Version);
            w.WriteString("kind", TradesKind);
            w.WriteString("symbol", batch.Symbol);
            w.WriteString("run", batch.Run);
            w.WriteNumber("minuteMs", batch.MinuteMs);
            w.WriteString("minute", WireNames.Time(batch.MinuteMs));
            w.WriteNumber("seq", batch.Sequence);
            w.WriteStartArray("trades");
            foreach (var t in batch.Trades)
            {
                w.WriteStartArray();
                w.WriteNumberValue(t.TimeMs);
                w.WriteStringValue(t.Side == TakerSide.Buy ? "B" : "S");
                w.WriteNumberValue(t.Price);
                w.WriteNumberValue(t.Size);
                w.WriteStringValue(IdText(t.Id));
                w.WriteEndArray();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Message(buffer, TradesKind, batch.Symbol);
    }

    /// <summary>A minute-closed marker as a bus message (ordering key = symbol).</summary>
    public static BusMessage Encode(MinuteClosed marker)
    {
        ArgumentNullException.ThrowIfNull(marker);
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("v", Version);
            w.WriteString("kind", MinuteClosedKind);
            w.WriteString("symbol", marker.Symbol);
            w.WriteString("run", marker.Run);
            w.WriteNumber("minuteMs", marker.MinuteMs);
            w.WriteString("minute", WireNames.Time(marker.MinuteMs));
            w.WriteNumber("batches", marker.Batches);
            if (marker.LastPrice is { } price)
            {
                w.WriteNumber("lastPrice", price);
            }

            if (marker.Backfill is { } c)
            {
                w.WriteStartObject("backfill");
                w.WriteNumber("open", c.Open);
                w.WriteNumber("high", c.High);
                w.WriteNumber("low", c.Low);
                w.WriteNumber("close", c.Close);
                w.WriteNumber("volume", c.Volume);
                w.WriteEndObject();
            }

            w.WriteBoolean("gap", marker.Gap);
            if (marker.Correction)
            {
                w.WriteBoolean("correction", true);
            }

            w.WriteEndObject();
        }

        return Message(buffer, MinuteClosedKind, marker.Symbol);
    }

    /// <summary>
    /// Reads only the identity of a trade batch (symbol, run, minute, batch number) when those fields are valid, whatever
    /// is wrong with its trades: the Aggregator records a batch it refused under that identity, so the minute's marker
    /// does not wait for it (and hold the symbol's ordered stream) until its delivery attempts run out.
    /// </summary>
    public static bool TryReadBatchIdentity(ReadOnlyMemory<byte> json, out (string Symbol, string Run, long MinuteMs, int Sequence) identity)
    {
        identity = default;
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || Int(root, "v") != Version || Text(root, "kind") != TradesKind)
            {
                return false;
            }

            var symbol = Text(root, "symbol");
            var run = Text(root, "run");
            var minuteMs = Long(root, "minuteMs");
            var seq = Int(root, "seq");
            if (InputRules.Symbol(symbol, "symbol") is not null || InputRules.Id(run, "run") is not null || seq < 1
                || minuteMs % MinuteMs != 0 || minuteMs < CandleStoreGuard.MinOpenTimeMs || minuteMs >= CandleStoreGuard.MaxOpenTimeMs)
            {
                return false;
            }

            identity = (symbol, run, minuteMs, seq);
            return true;
        }
        catch (Exception ex) when (ex is JsonException or UnprocessableMessageException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Decodes a raw-tick message into a <see cref="TradeBatch"/> or a <see cref="MinuteClosed"/>.</summary>
    /// <exception cref="UnprocessableMessageException">Not JSON, an unknown version or kind, or a missing/invalid field (named).</exception>
    public static object Decode(ReadOnlyMemory<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Bad($"expected a JSON object, got {root.ValueKind}");
            }

            var version = Int(root, "v");
            if (version != Version)
            {
                throw Bad($"schema version {version} is not supported (expected {Version})");
            }

            var kind = Text(root, "kind");
            var symbol = Text(root, "symbol");
            if (InputRules.Symbol(symbol, "'symbol'") is { } badSymbol)
            {
                throw Bad(badSymbol);
            }

            var run = Text(root, "run");
            if (InputRules.Id(run, "'run'") is { } badRun)
            {
                throw Bad(badRun);
            }

            var minuteMs = Long(root, "minuteMs");
            if (minuteMs % MinuteMs != 0 || minuteMs < CandleStoreGuard.MinOpenTimeMs || minuteMs >= CandleStoreGuard.MaxOpenTimeMs)
            {
                throw Bad($"'minuteMs' {minuteMs} is not a whole minute in range");
            }

            return kind switch
            {
                TradesKind => DecodeBatch(root, symbol, run, minuteMs),
                MinuteClosedKind => DecodeMarker(root, symbol, run, minuteMs),
                _ => throw Bad($"'kind' '{InputRules.Shown(kind)}' is not {TradesKind} or {MinuteClosedKind}"),
            };
        }
        catch (JsonException ex)
        {
            throw new UnprocessableMessageException($"raw-tick message is not JSON: {ex.Message}", ex);
        }
        catch (InvalidOperationException ex)
        {
            throw new UnprocessableMessageException($"raw-tick message holds a string that is not valid text: {ex.Message}", ex);
        }
    }

    private static TradeBatch DecodeBatch(JsonElement root, string symbol, string run, long minuteMs)
    {
        var seq = Int(root, "seq");
        if (seq < 1)
        {
            throw Bad($"'seq' must be at least 1, was {seq}");
        }

        if (!root.TryGetProperty("trades", out var array) || array.ValueKind != JsonValueKind.Array || array.GetArrayLength() == 0)
        {
            throw Bad("'trades' must be a non-empty array");
        }

        var trades = new List<Trade>(array.GetArrayLength());
        var previous = long.MinValue;
        foreach (var item in array.EnumerateArray())
        {
            var i = trades.Count;
            if (item.ValueKind != JsonValueKind.Array || item.GetArrayLength() != 5)
            {
                throw Bad($"trade {i} must be [timeMs, side, price, size, id]");
            }

            var time = item[0].ValueKind == JsonValueKind.Number && item[0].TryGetInt64(out var t) ? t : throw Bad($"trade {i}: time must be an integer (ms)");
            if (time < minuteMs || time >= minuteMs + MinuteMs)
            {
                throw Bad($"trade {i} at {time} ms is outside the batch's minute {WireNames.Time(minuteMs)}");
            }

            if (time < previous)
            {
                throw Bad($"trade {i} at {time} ms is earlier than the trade before it");
            }

            previous = time;
            var side = item[1].ValueKind == JsonValueKind.String ? item[1].GetString() : null;
            var takerSide = side switch
            {
                "B" => TakerSide.Buy,
                "S" => TakerSide.Sell,
                _ => throw Bad($"trade {i}: side must be \"B\" or \"S\", was {item[1]}"),
            };
            var price = item[2].ValueKind == JsonValueKind.Number && item[2].TryGetDouble(out var pv) ? pv : double.NaN;
            var size = item[3].ValueKind == JsonValueKind.Number && item[3].TryGetDouble(out var sv) ? sv : double.NaN;
            if ((InputRules.Price(price, $"trade {i}: price") ?? InputRules.Size(size, $"trade {i}: size")) is { } badValue)
            {
                throw Bad(badValue);
            }

            var idText = item[4].ValueKind == JsonValueKind.String ? item[4].GetString() : null;
            if (InputRules.Id(idText, $"trade {i}: id") is { } badId)
            {
                throw Bad(badId);
            }

            trades.Add(new Trade(time, symbol, takerSide, price, size, ParseIdText(idText!)));
        }

        return new TradeBatch(symbol, run, minuteMs, seq, trades);
    }

    private static MinuteClosed DecodeMarker(JsonElement root, string symbol, string run, long minuteMs)
    {
        var batches = Int(root, "batches");
        if (batches < 0)
        {
            throw Bad($"'batches' must be at least 0, was {batches}");
        }

        double? lastPrice = null;
        if (root.TryGetProperty("lastPrice", out var lp) && lp.ValueKind != JsonValueKind.Null)
        {
            var p = lp.ValueKind == JsonValueKind.Number && lp.TryGetDouble(out var value) ? value : double.NaN;
            lastPrice = InputRules.Price(p, "'lastPrice'") is { } badPrice ? throw Bad(badPrice) : p;
        }

        Candle? backfill = null;
        if (root.TryGetProperty("backfill", out var b) && b.ValueKind != JsonValueKind.Null)
        {
            if (b.ValueKind != JsonValueKind.Object)
            {
                throw Bad("'backfill' must be an object");
            }

            var candle = new Candle(minuteMs, Number(b, "open"), Number(b, "high"), Number(b, "low"), Number(b, "close"), Number(b, "volume"));
            if (InputRules.Candle(candle, "'backfill' candle") is { } badCandle)
            {
                throw Bad(badCandle);
            }

            backfill = candle;
        }

        var gap = root.TryGetProperty("gap", out var g) && g.ValueKind == JsonValueKind.True;
        var correction = OptionalFlag(root, "correction");
        if (correction && (gap || backfill is not null || batches < 1))
        {
            throw Bad($"a correction marker must name at least one batch and carry no backfill or gap (batches {batches})");
        }

        return new MinuteClosed(symbol, run, minuteMs, batches, lastPrice, backfill, gap, correction);
    }

    /// <summary>A candles-1m event as a bus message (no ordering key: the LogicEngine handles symbols independently).</summary>
    public static BusMessage Encode(CandleClosed closed)
    {
        ArgumentNullException.ThrowIfNull(closed);
        var c = closed.Candle;
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("v", Version);
            w.WriteString("symbol", closed.Symbol);
            w.WriteString("interval", "1m");
            w.WriteString("openTime", WireNames.Time(c.OpenTimeMs));
            w.WriteNumber("openTimeMs", c.OpenTimeMs);
            w.WriteNumber("open", c.Open);
            w.WriteNumber("high", c.High);
            w.WriteNumber("low", c.Low);
            w.WriteNumber("close", c.Close);
            w.WriteNumber("volume", c.Volume);
            WriteOptional(w, "trades", c.Trades >= 0 ? c.Trades : null);
            WriteOptional(w, "buyVolume", double.IsFinite(c.BuyVolume) ? c.BuyVolume : null);
            WriteOptional(w, "sellVolume", double.IsFinite(c.SellVolume) ? c.SellVolume : null);
            w.WriteString("source", closed.Source.ToString().ToLowerInvariant());
            if (closed.Forming)
            {
                w.WriteBoolean("forming", true);
            }

            if (closed.Correction)
            {
                w.WriteBoolean("correction", true);
            }

            w.WriteEndObject();
        }

        var attributes = new Dictionary<string, string>
        {
            [PipelineTopics.SymbolAttribute] = closed.Symbol,
            ["key"] = closed.Key,
        };
        if (closed.Forming)
        {
            attributes[PipelineTopics.KindAttribute] = FormingKind;
        }
        else if (closed.Correction)
        {
            attributes[PipelineTopics.KindAttribute] = CorrectionKind;
        }

        return new BusMessage(buffer.WrittenMemory.ToArray(), attributes);
    }

    /// <summary>Decodes a candles-1m event.</summary>
    /// <exception cref="UnprocessableMessageException">Not JSON or a missing/invalid field (named).</exception>
    public static CandleClosed DecodeCandle(ReadOnlyMemory<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || Int(root, "v") != Version)
            {
                throw Bad($"candles-1m event must be an object with v={Version}");
            }

            var symbol = Text(root, "symbol");
            if (InputRules.Symbol(symbol, "'symbol'") is { } badSymbol)
            {
                throw Bad(badSymbol);
            }

            var trades = -1;
            if (root.TryGetProperty("trades", out var n) && n.ValueKind != JsonValueKind.Null)
            {
                trades = n.ValueKind == JsonValueKind.Number && n.TryGetInt32(out var count) && count >= 0
                    ? count
                    : throw Bad($"'trades' must be null or a whole number of at least 0, was {InputRules.Shown(n.GetRawText())}");
            }

            var candle = new Candle(
                Long(root, "openTimeMs"), Number(root, "open"), Number(root, "high"), Number(root, "low"), Number(root, "close"), Number(root, "volume"),
                trades, OptionalNumber(root, "buyVolume"), OptionalNumber(root, "sellVolume"));
            if (InputRules.Candle(candle, "candle") is { } badCandle)
            {
                throw Bad(badCandle);
            }
            var source = Text(root, "source") switch
            {
                "trades" => CandleClosedSource.Trades,
                "kline" => CandleClosedSource.Kline,
                "flat" => CandleClosedSource.Flat,
                var other => throw Bad($"'source' '{InputRules.Shown(other)}' is not trades, kline or flat"),
            };
            var forming = OptionalFlag(root, "forming");
            var correction = OptionalFlag(root, "correction");
            if (forming && correction)
            {
                throw Bad("a candles-1m event cannot be both forming and a correction");
            }

            return new CandleClosed(symbol, candle, source, forming, correction);
        }
        catch (JsonException ex)
        {
            throw new UnprocessableMessageException($"candles-1m event is not JSON: {ex.Message}", ex);
        }
        catch (InvalidOperationException ex)
        {
            throw new UnprocessableMessageException($"candles-1m event holds a string that is not valid text: {ex.Message}", ex);
        }
    }

    /// <summary>The text form of a trade id as carried in batches (the id's two 64-bit halves in hex).</summary>
    public static string IdText(TradeId id) => $"{id.High:x16}{id.Low:x16}";

    /// <summary>Reads an id written by <see cref="IdText"/> (any other text is parsed by <see cref="TradeId.Parse"/>).</summary>
    public static TradeId ParseIdText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        const int HalfLength = 16;
        return text.Length == 2 * HalfLength
            && ulong.TryParse(text.AsSpan(0, HalfLength), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out var high)
            && ulong.TryParse(text.AsSpan(HalfLength), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out var low)
            ? new TradeId(high, low)
            : TradeId.Parse(text);
    }

    private static BusMessage Message(ArrayBufferWriter<byte> buffer, string kind, string symbol) =>
        new(buffer.WrittenMemory.ToArray(), new Dictionary<string, string>
        {
            [PipelineTopics.KindAttribute] = kind,
            [PipelineTopics.SymbolAttribute] = symbol,
        }, symbol);

    private static void WriteOptional(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static UnprocessableMessageException Bad(string reason) => new($"raw-tick message: {reason}");

    private static bool OptionalFlag(JsonElement e, string name) =>
        e.TryGetProperty(name, out var f)
            ? f.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw Bad($"'{name}' must be true or false, was {f.ValueKind.ToString().ToLowerInvariant()}"),
            }
            : false;

    private static string Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : throw Bad($"'{name}' must be a string");

    private static int Int(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i : throw Bad($"'{name}' must be an integer");

    private static long Long(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var i) ? i : throw Bad($"'{name}' must be an integer");

    private static double Number(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d) && double.IsFinite(d) ? d : throw Bad($"'{name}' must be a finite number");

    private static double OptionalNumber(JsonElement e, string name) =>
        !e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null ? double.NaN
        : v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d) && double.IsFinite(d) ? d
        : throw Bad($"'{name}' must be null or a finite number");
}
