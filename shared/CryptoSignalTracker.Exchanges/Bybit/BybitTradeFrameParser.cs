using System.Globalization;
using System.Text;
using System.Text.Json;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Validation;

namespace CryptoSignalTracker.Exchanges.Bybit;

/// <summary>
/// Parses Bybit v5 public websocket frames (UTF-8 JSON text) and turns <c>publicTrade.{symbol}</c> pushes into
/// <see cref="Trade"/>s appended to a caller-supplied list.
/// </summary>
/// <remarks>
/// <para>Trade push shape (protocols.md §1.6): <c>{"topic":"publicTrade.BTCUSDT","type":"snapshot","ts":...,
/// "data":[{"T":1672304486865,"s":"BTCUSDT","S":"Buy","v":"0.001","p":"16578.50","L":"PlusTick","i":"20f4...","BT":false,...}]}</c>.
/// <c>T</c> is the fill time in ms, <c>S</c> the taker side, <c>v</c>/<c>p</c> size and price as decimal strings,
/// <c>i</c> the trade id; other fields are ignored. Subscribe acknowledgements and pongs (§1.2-1.3) are
/// recognised as such.</para>
/// <para>Parsing never throws on bad input. A malformed frame (invalid JSON, a trade that is not an object, a symbol
/// that differs from the topic's) returns <see cref="BybitFrameKind.Malformed"/> with what was wrong, and the list is
/// left as it was. A bad trade inside a good frame (a missing or mistyped field, a price or size outside
/// <see cref="InputRules"/>, a trade earlier than the one before it) is rejected alone: the frame's other trades are
/// kept and <see cref="BybitFrame.Rejected"/> counts it, with the first reason in <see cref="BybitFrame.Detail"/>.</para>
/// <para>Every frame is read with <see cref="Utf8JsonReader"/> (one parser: a hand-written scanner beside it was
/// removed: the feed's busiest second is thousands of times below what this path parses; docs/benchmarks.md).</para>
/// <para>Symbol strings are cached per parser, so a frame allocates nothing beyond list growth. An instance is
/// not thread-safe: use one per connection.</para>
/// </remarks>
public sealed class BybitTradeFrameParser
{
    private const string TradeTopicPrefix = "publicTrade.";
    private const int MaxValueBytes = 128;
    private const int MaxCachedSymbols = 256;

    private static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 16 };

    private readonly List<KeyValuePair<byte[], string>> _symbols = [];
    private readonly byte[] _scratch = new byte[MaxValueBytes];
    private byte[] _lastSymbolBytes = [];
    private int _rejected;
    private string? _firstRejection;
    private string? _lastSymbol;

    /// <summary>Creates a parser with an empty symbol cache.</summary>
    public BybitTradeFrameParser()
    {
    }

    /// <summary>Parses <paramref name="frame"/>; trades of a trade push are appended to <paramref name="trades"/>.</summary>
    /// <param name="frame">One websocket text frame, UTF-8.</param>
    /// <param name="trades">Receives the trades of a <see cref="BybitFrameKind.Trades"/> frame; untouched otherwise.</param>
    /// <returns>What the frame was, how many trades were appended, and for failures what was wrong.</returns>
    public BybitFrame Parse(ReadOnlySpan<byte> frame, List<Trade> trades)
    {
        ArgumentNullException.ThrowIfNull(trades);
        var start = trades.Count;
        _rejected = 0;
        _firstRejection = null;
        var result = ParseCore(frame, trades, start);
        if (result.Kind == BybitFrameKind.Trades && _rejected > 0)
        {
            result = result with { Rejected = _rejected, Detail = _firstRejection };
        }

        if (result.Kind != BybitFrameKind.Trades && trades.Count > start)
        {
            trades.RemoveRange(start, trades.Count - start);
        }

        return result;
    }

    private BybitFrame ParseCore(ReadOnlySpan<byte> frame, List<Trade> trades, int start)
    {
        try
        {
            var reader = new Utf8JsonReader(frame, ReaderOptions);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return Malformed("the frame is not a JSON object");
            }

            string? topic = null;
            string? topicSymbol = null;
            string? op = null;
            string? retMsg = null;
            bool? success = null;
            var sawTradeArray = false;
            string? dataProblem = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("topic"u8))
                {
                    if (!reader.Read() || reader.TokenType != JsonTokenType.String)
                    {
                        return Malformed("'topic' is not a string");
                    }

                    var value = Value(ref reader);
                    if (value.StartsWith("publicTrade."u8))
                    {
                        topicSymbol = Symbol(value[TradeTopicPrefix.Length..]);
                        if (topicSymbol is null)
                        {
                            return Malformed($"topic '{Encoding.UTF8.GetString(value)}' does not name a symbol");
                        }
                    }

                    topic = topicSymbol is null ? Encoding.UTF8.GetString(value) : TradeTopicPrefix;
                }
                else if (reader.ValueTextEquals("data"u8))
                {
                    if (!reader.Read())
                    {
                        return Malformed("'data' has no value");
                    }

                    if (reader.TokenType == JsonTokenType.StartArray && (topic is null || topicSymbol is not null))
                    {
                        sawTradeArray = true;
                        dataProblem = ReadTrades(ref reader, trades);
                        if (dataProblem is not null && topic is not null && topicSymbol is not null)
                        {
                            return Malformed(dataProblem);
                        }
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
                else if (reader.ValueTextEquals("op"u8))
                {
                    op = ReadString(ref reader);
                }
                else if (reader.ValueTextEquals("ret_msg"u8))
                {
                    retMsg = ReadString(ref reader);
                }
                else if (reader.ValueTextEquals("success"u8))
                {
                    reader.Read();
                    success = reader.TokenType switch
                    {
                        JsonTokenType.True => true,
                        JsonTokenType.False => false,
                        _ => null,
                    };
                    reader.Skip();
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                return Malformed("unexpected content after the frame's object");
            }

            if (topicSymbol is not null)
            {
                return !sawTradeArray ? Malformed("a publicTrade push has no 'data' array")
                    : dataProblem is not null ? Malformed(dataProblem)
                    : CheckTradeSymbols(trades, start, topicSymbol);
            }

            if (topic is not null)
            {
                return new BybitFrame(BybitFrameKind.Other, 0, $"topic {topic}");
            }

            return op switch
            {
                "pong" => new BybitFrame(BybitFrameKind.Pong),
                "ping" when retMsg == "pong" => new BybitFrame(BybitFrameKind.Pong),
                "subscribe" when success == true => new BybitFrame(BybitFrameKind.SubscribeAck),
                "subscribe" when success == false => new BybitFrame(BybitFrameKind.SubscribeRejected, 0, retMsg ?? "subscribe failed without a ret_msg"),
                "subscribe" => Malformed("a subscribe reply has no boolean 'success'"),
                not null => new BybitFrame(BybitFrameKind.Other, 0, $"op {op}"),
                _ => Malformed("the frame has neither a 'topic' nor an 'op'"),
            };
        }
        catch (JsonException ex)
        {
            return Malformed($"not valid JSON: {ex.Message}");
        }
    }

    /// <summary>Reads the trades of a <c>data</c> array (the reader is on its start); on a problem skips to the array's end and says what was wrong.</summary>
    private string? ReadTrades(ref Utf8JsonReader reader, List<Trade> trades)
    {
        var depth = reader.CurrentDepth;
        var problem = ReadTradeObjects(ref reader, trades);
        if (problem is not null)
        {
            while (reader.TokenType != JsonTokenType.EndArray || reader.CurrentDepth != depth)
            {
                reader.Read();
            }
        }

        return problem;
    }

    private string? ReadTradeObjects(ref Utf8JsonReader reader, List<Trade> trades)
    {
        var index = 0;
        var previousMs = long.MinValue;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return $"trade {index} is not an object";
            }

            long time = 0;
            string? symbol = null;
            TakerSide side = 0;
            double size = 0;
            double price = 0;
            TradeId id = default;
            var seen = 0;
            string? problem = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                switch (SingleByteName(ref reader))
                {
                    case (byte)'T':
                        if (!reader.Read() || reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out time) || time <= 0)
                        {
                            problem ??= $"trade {index}: 'T' is not a positive whole number of milliseconds";
                        }

                        seen |= 1;
                        break;
                    case (byte)'s':
                        if (!reader.Read() || reader.TokenType != JsonTokenType.String || (symbol = Symbol(Value(ref reader))) is null)
                        {
                            problem ??= $"trade {index}: 's' is not a symbol";
                        }

                        seen |= 2;
                        break;
                    case (byte)'S':
                        if (!reader.Read() || reader.TokenType != JsonTokenType.String)
                        {
                            problem ??= $"trade {index}: 'S' is not a string";
                        }
                        else
                        {
                            var value = Value(ref reader);
                            side = value.SequenceEqual("Buy"u8) ? TakerSide.Buy
                                : value.SequenceEqual("Sell"u8) ? TakerSide.Sell
                                : 0;
                            if (side == 0)
                            {
                                problem ??= $"trade {index}: side '{InputRules.Shown(Encoding.UTF8.GetString(value))}' is not Buy or Sell";
                            }
                        }

                        seen |= 4;
                        break;
                    case (byte)'v':
                        if (!TryReadDecimal(ref reader, out size))
                        {
                            problem ??= $"trade {index}: size 'v' is not a decimal number string";
                        }

                        seen |= 8;
                        break;
                    case (byte)'p':
                        if (!TryReadDecimal(ref reader, out price))
                        {
                            problem ??= $"trade {index}: price 'p' is not a decimal number string";
                        }

                        seen |= 16;
                        break;
                    case (byte)'i':
                        if (!reader.Read() || reader.TokenType != JsonTokenType.String || !TryTradeId(Value(ref reader), out id))
                        {
                            problem ??= $"trade {index}: trade id 'i' is not a non-empty string of at most {MaxValueBytes} ASCII characters";
                        }

                        seen |= 32;
                        break;
                    default:
                        reader.Read();
                        break;
                }

                // a value of the wrong type may be an object or array: step over it
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    reader.Skip();
                }
            }

            if (seen != 63)
            {
                problem ??= $"trade {index} lacks {MissingFields(seen)}";
            }

            if (problem is null && time < previousMs)
            {
                problem = $"trade {index} at {WireNames.Time(time)} is earlier than trade {index - 1} at {WireNames.Time(previousMs)}";
            }

            problem ??= Values(price, size, index);
            if (problem is null)
            {
                previousMs = time;
                trades.Add(new Trade(time, symbol!, side, price, size, id));
            }
            else
            {
                // Reject this trade only: the good trades beside it in the frame are kept.
                _rejected++;
                _firstRejection ??= problem;
            }

            index++;
        }

        return null;
    }

    /// <summary>
    /// The price and size rules of <see cref="InputRules"/> (the time window is the Ingestor's: it has the clock).
    /// </summary>
    private static string? Values(double price, double size, int index) =>
        InputRules.IsPrice(price) && InputRules.IsSize(size)
            ? null
            : InputRules.Price(price, $"trade {index}: price 'p'") ?? InputRules.Size(size, $"trade {index}: size 'v'");

    private static BybitFrame CheckTradeSymbols(List<Trade> trades, int start, string topicSymbol)
    {
        for (var i = start; i < trades.Count; i++)
        {
            // symbols come from the cache, so equal text is usually the same instance
            var symbol = trades[i].Symbol;
            if (!ReferenceEquals(symbol, topicSymbol) && !string.Equals(symbol, topicSymbol, StringComparison.Ordinal))
            {
                return Malformed($"trade {i - start} is for {trades[i].Symbol}, the topic is publicTrade.{topicSymbol}");
            }
        }

        return new BybitFrame(BybitFrameKind.Trades, trades.Count - start);
    }

    private static string MissingFields(int seen)
    {
        string[] names = ["T", "s", "S", "v", "p", "i"];
        return string.Join(", ", names.Where((_, bit) => (seen & (1 << bit)) == 0).Select(n => $"'{n}'"));
    }

    private bool TryReadDecimal(ref Utf8JsonReader reader, out double value)
    {
        value = 0;
        return reader.Read() && reader.TokenType == JsonTokenType.String
            && Utf8Numbers.TryParseDecimal(Value(ref reader), out value);
    }

    internal static bool TryTradeId(ReadOnlySpan<byte> utf8, out TradeId id)
    {
        if (Utf8Numbers.TryParseUuid(utf8, out id))
        {
            return true;
        }

        if (utf8.IsEmpty || utf8.Length > MaxValueBytes || !Ascii.IsValid(utf8))
        {
            return false;
        }

        Span<char> chars = stackalloc char[MaxValueBytes];
        var length = Encoding.ASCII.GetChars(utf8, chars);
        id = TradeId.Parse(chars[..length]);
        return true;
    }

    private string? ReadString(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return null;
        }

        return Encoding.UTF8.GetString(Value(ref reader));
    }

    /// <summary>The property name's single byte (<c>T</c>, <c>s</c>, ...), or 0 for longer names.</summary>
    private byte SingleByteName(ref Utf8JsonReader reader)
    {
        var name = reader.ValueIsEscaped ? Value(ref reader) : reader.ValueSpan;
        return name.Length == 1 ? name[0] : (byte)0;
    }

    /// <summary>The current string token's bytes, unescaped; values longer than the scratch buffer come back empty.</summary>
    private ReadOnlySpan<byte> Value(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped)
        {
            return reader.ValueSpan;
        }

        return reader.ValueSpan.Length <= _scratch.Length ? _scratch.AsSpan(0, reader.CopyString(_scratch)) : [];
    }

    /// <summary>The cached symbol string for <paramref name="utf8"/>, or null when it is not a well-formed symbol.</summary>
    private string? Symbol(ReadOnlySpan<byte> utf8)
    {
        // every trade of a frame repeats the topic's symbol: check the last one first
        if (_lastSymbol is not null && utf8.SequenceEqual(_lastSymbolBytes))
        {
            return _lastSymbol;
        }

        foreach (var (bytes, text) in _symbols)
        {
            if (utf8.SequenceEqual(bytes))
            {
                _lastSymbolBytes = bytes;
                return _lastSymbol = text;
            }
        }

        if (!Ascii.IsValid(utf8))
        {
            return null;
        }

        var symbol = Encoding.ASCII.GetString(utf8);
        if (!Symbols.IsWellFormed(symbol))
        {
            return null;
        }

        if (_symbols.Count < MaxCachedSymbols)
        {
            _symbols.Add(new(utf8.ToArray(), symbol));
        }

        return symbol;
    }

    private static BybitFrame Malformed(string problem) => new(BybitFrameKind.Malformed, 0, problem);
}
