using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Data;
using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Benchmarks.Pipeline;

/// <summary>
/// A minute of real BTCUSDT and SOLUSDT candles (data/sample) on which the backtester's <see cref="TradingEngine"/>
/// (default settings, live mode: no resampled macro) opens an entry, with the history before it. The benchmarks warm
/// the pipeline with the history and time that one minute.
/// </summary>
public sealed class SignalMinute
{
    /// <summary>The symbols replayed (both traded by one engine, as <c>cst run</c> does).</summary>
    public static readonly string[] Symbols = ["BTCUSDT", "SOLUSDT"];

    /// <summary>History before the signal minute: one day, so RSI(14), the 20-candle volume average and ATR are long warm.</summary>
    public const int HistoryMinutes = 24 * 60;

    private const long MinuteMs = 60_000;

    private SignalMinute(long openTimeMs, long originMs, IReadOnlyDictionary<string, IReadOnlyList<Candle>> candles, Signal expected)
    {
        OpenTimeMs = openTimeMs;
        OriginMs = originMs;
        Candles = candles;
        Expected = expected;
    }

    /// <summary>Open time of the signal minute (Unix ms).</summary>
    public long OpenTimeMs { get; }

    /// <summary>Open time of the first history candle.</summary>
    public long OriginMs { get; }

    /// <summary>Per symbol, the candles from <see cref="OriginMs"/> up to and including the minute after the signal minute.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Candle>> Candles { get; }

    /// <summary>The entry the backtester's engine gives on the signal minute.</summary>
    public Signal Expected { get; }

    /// <summary>History candles (before the signal minute) of every symbol in the backtester's order: by minute, then symbol.</summary>
    public IEnumerable<(string Symbol, Candle Candle)> History() =>
        Candles.SelectMany(kv => kv.Value.Where(c => c.OpenTimeMs < OpenTimeMs).Select(c => (Symbol: kv.Key, Candle: c)))
            .OrderBy(x => x.Candle.OpenTimeMs).ThenBy(x => x.Symbol, StringComparer.Ordinal);

    /// <summary>The candle of <paramref name="symbol"/> opening at <paramref name="openMs"/>.</summary>
    public Candle At(string symbol, long openMs) => Candles[symbol].Single(c => c.OpenTimeMs == openMs);

    /// <summary>A <see cref="TradingEngine"/> as the live pipeline's: default settings, bias from the store (none here), fed the history.</summary>
    public TradingEngine WarmEngine(TradingConfig config)
    {
        var engine = new TradingEngine(config, resampleMacro: false);
        var sink = new SignalSink();
        foreach (var (symbol, candle) in History())
        {
            engine.OnCandle(engine.Symbol(symbol), candle, sink, trade: true);
        }

        return engine;
    }

    /// <summary>
    /// Loads data/sample and finds the first minute at least <see cref="HistoryMinutes"/> into the files on which the
    /// engine opens an entry with every symbol's candle present for that minute and the next.
    /// </summary>
    /// <exception cref="InvalidOperationException">The sample files are missing or hold no such minute.</exception>
    public static SignalMinute Find(TradingConfig config)
    {
        var all = Symbols.ToDictionary(s => s, s => CandleCsvReader.ReadFile(SampleFile(s)), StringComparer.Ordinal);
        var origin = all.Values.Max(c => c[0].OpenTimeMs);
        var byMinute = all.SelectMany(kv => kv.Value.Where(c => c.OpenTimeMs >= origin).Select(c => (Symbol: kv.Key, Candle: c)))
            .GroupBy(x => x.Candle.OpenTimeMs).OrderBy(g => g.Key).ToList();
        var present = byMinute.Where(g => g.Count() == Symbols.Length).Select(g => g.Key).ToHashSet();
        var engine = new TradingEngine(config, resampleMacro: false);
        var sink = new SignalSink();
        foreach (var minute in byMinute)
        {
            sink.Entries.Clear();
            foreach (var (symbol, candle) in minute.OrderBy(x => x.Symbol, StringComparer.Ordinal))
            {
                engine.OnCandle(engine.Symbol(symbol), candle, sink, trade: true);
            }

            if (minute.Key >= origin + (HistoryMinutes * MinuteMs) && sink.Entries.Count == 1 && present.Contains(minute.Key) && present.Contains(minute.Key + MinuteMs))
            {
                var candles = all.ToDictionary(
                    kv => kv.Key,
                    kv => (IReadOnlyList<Candle>)[.. kv.Value.Where(c => c.OpenTimeMs >= origin && c.OpenTimeMs <= minute.Key + MinuteMs)],
                    StringComparer.Ordinal);
                return new SignalMinute(minute.Key, origin, candles, sink.Entries[0]);
            }
        }

        throw new InvalidOperationException($"no minute with exactly one entry after {HistoryMinutes} minutes of history in the data/sample files of {string.Join(",", Symbols)}");
    }

    /// <summary>The repository root (the directory holding CryptoSignalTracker.sln) above this assembly.</summary>
    /// <exception cref="InvalidOperationException">None is found.</exception>
    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CryptoSignalTracker.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException($"no CryptoSignalTracker.sln above {AppContext.BaseDirectory}");
    }

    private static string SampleFile(string symbol)
    {
        var dir = Path.Combine(RepoRoot(), "data", "sample");
        var files = Directory.GetFiles(dir, $"bybit_linear_{symbol}_1m_*.csv");
        return files.Length == 1 ? files[0] : throw new InvalidOperationException($"expected one bybit_linear_{symbol}_1m_*.csv in {dir}, found {files.Length}");
    }
}
