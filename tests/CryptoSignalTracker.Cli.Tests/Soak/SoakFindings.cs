using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Embedded.Sqlite;

namespace CryptoSignalTracker.Cli.Tests.Soak;

/// <summary>
/// What a soak found: the checks that failed (every stored candle equals its source; the signals and exits, deduplicated,
/// equal the backtest's line for line; nothing dead-lettered; the injected bad input refused; a clean SIGTERM exit) and
/// the figures it prints (minutes/s, cold start against history age, state size per collection, corrections).
/// </summary>
internal sealed partial class SoakFindings
{
    private SoakFindings(List<string> failures, string report)
    {
        Failures = failures;
        Report = report;
    }

    public IReadOnlyList<string> Failures { get; }

    public string Report { get; }

    public static SoakFindings Collect(
        SoakSettings settings, SoakSeries series, SoakPlan plan, SoakExpectation expected, SoakFiles files, List<SoakStart> starts,
        List<string> failures, int? finalExit, TimeSpan wall, string loadBefore, int connections, int secondsRefused)
    {
        var loadAfter = SoakLoad.Read();
        var log = LogCounts.Read(files.Log, starts, series.StartMs);
        if (failures.Count == 0)
        {
            CheckCandles(series, files, failures);
            CheckLines("signal", expected.Signals, SoakExpectation.Distinct(files.Lines("signals").Where(l => SoakExpectation.Time(l, "time") < series.LastMinuteMs)), failures);
            CheckLines("exit", expected.Exits, SoakExpectation.Distinct(files.Lines("exits").Where(l => SoakExpectation.Time(l, "exitTime") < series.LastMinuteMs)), failures);
            if (finalExit != 0)
            {
                failures.Add($"cst run exited {finalExit} on SIGTERM, not 0");
            }
        }

        if (log.DeadLettered > 0)
        {
            failures.Add($"{log.DeadLettered} message(s) dead-lettered (none was injected bad input that reaches a subscription)");
        }

        if (log.BadInputRefused == 0)
        {
            failures.Add("the injected malformed frame was not refused with a reason in the log");
        }

        var report = new StringBuilder();
        var i = CultureInfo.InvariantCulture;
        report.AppendLine(i, $"soak: {settings.Days:0.##} simulated days ({series.Minutes:N0} minutes x {SoakSeries.Symbols.Count} symbols, {series.Candles.Values.First()[0].OpenTime:yyyy-MM-dd HH:mm} onwards), seed {plan.Seed}");
        report.AppendLine(i, $"wall {wall.TotalSeconds:F1} s: {series.Minutes / wall.TotalSeconds:F1} simulated minutes/s ({series.Minutes / wall.TotalSeconds * 60:N0}x real time); load before {loadBefore}, after {loadAfter}");
        report.AppendLine(i, $"backtest: {expected.Signals.Count} signals ({expected.Micros} MICRO, {expected.Swings} SWING), {expected.Exits.Count} exits");
        report.AppendLine(i, $"published: {files.Lines("signals").Count} signal lines, {files.Lines("exits").Count} exit lines (re-published after a kill, same message: {files.Lines("signals").Count - SoakExpectation.Distinct(files.Lines("signals")).Count} + {files.Lines("exits").Count - SoakExpectation.Distinct(files.Lines("exits")).Count})");
        report.AppendLine(i, $"faults: {string.Join("; ", plan.Describe())}");
        report.AppendLine(i, $"starts: {starts.Count} ({starts.Count(s => s.KilledAtFrame is not null)} killed, {starts.Count(s => s.RefusedByLease)} refused while the killed one's lease ran out), {connections} Bybit connections; {secondsRefused} of {plan.SecondInstanceAfterFrames.Count} second cst run(s) started beside a live one refused by the lease");
        report.AppendLine(i, $"corrections: {log.Corrections} minutes corrected, {log.TooLate} trades too late (not taken), {log.GapsBackfilled} feed gaps filled from recent trades, {log.KlineBackfills} gap(s) left to klines, {log.BadInputRefused} bad input refused, {log.DeadLettered} dead-lettered");
        report.AppendLine("cold starts (history = watermark minus the first minute; rebuild = the engine's own figure; start->rebuilt = process start to that log line):");
        foreach (var c in log.ColdStarts)
        {
            report.AppendLine(i, $"  start {c.Start}: history {c.HistoryDays:F2} days, from {c.Source}, {c.Candles:N0} candles ({c.ReplayedHours:F1} h) replayed, rebuild {c.RebuildMs} ms, start->rebuilt {c.StartToRebuiltMs:N0} ms");
        }

        report.AppendLine("state size (rows per collection / table):");
        if (File.Exists(files.Database))
        {
            foreach (var (name, count) in new SqlitePruner(new SqliteDatabase(files.Database)).Count())
            {
                report.AppendLine(i, $"  {name,-28} {count,10:N0}");
            }

            var bytes = new[] { "", "-wal" }.Select(s => files.Database + s).Where(File.Exists).Sum(f => new FileInfo(f).Length);
            report.AppendLine(i, $"  {"database file (+wal)",-28} {bytes / 1048576.0,10:F1} MiB");
            ExpiryPass(files, report);
        }

        report.AppendLine(failures.Count == 0 ? "result: PASS (every stored candle equals its source; signals and exits equal the backtest's; nothing dead-lettered)" : $"result: FAIL ({failures.Count})");
        foreach (var failure in failures)
        {
            report.AppendLine(i, $"  - {failure}");
        }

        SqliteConnectionPools.Clear();
        return new SoakFindings(failures, report.ToString());
    }

    /// <summary>
    /// What the expiry pass does to this state. Expiry runs on the wall clock (Pub/Sub's redelivery window is wall time),
    /// which a soak at thousands of times real time never reaches, so nothing has expired yet at its end. The pass
    /// <c>cst run</c> runs hourly (<see cref="SqlitePruner"/>) is run here on a copy of the database with its clock
    /// set past every expiry: the rows left are what a year keeps for good, and its time is the cost of pruning this
    /// much at once. At the live rate only the last <see cref="StateRetention.RedeliveryWindow"/> of expiring rows
    /// is ever held: one row per symbol and minute for <c>candle-events</c> and <c>partials.*</c>.
    /// </summary>
    private static void ExpiryPass(SoakFiles files, StringBuilder report)
    {
        var i = CultureInfo.InvariantCulture;
        var copy = files.Database + ".expiry-pass";
        SqliteConnectionPools.Clear();
        using (var source = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={files.Database};Mode=ReadOnly;Pooling=False"))
        {
            source.Open();
            using var backup = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={copy};Pooling=False");
            backup.Open();
            source.BackupDatabase(backup);
        }

        try
        {
            var database = new SqliteDatabase(copy);
            var past = DateTimeOffset.UtcNow + StateRetention.RedeliveryWindow + TimeSpan.FromMinutes(1);
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var deleted = new SqlitePruner(database, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(past)).Prune();
            watch.Stop();
            var bound = StateRetention.RedeliveryWindow.TotalMinutes * SoakSeries.Symbols.Count;
            report.AppendLine(i, $"after the expiry pass (a copy, clock past every expiry: {deleted:N0} rows deleted in {watch.Elapsed.TotalSeconds:F1} s); at the live rate candle-events and partials.* hold at most {bound:N0} rows each ({StateRetention.RedeliveryWindow.TotalDays:0} days x 1,440 x {SoakSeries.Symbols.Count} symbols):");
            foreach (var (name, count) in new SqlitePruner(database).Count())
            {
                report.AppendLine(i, $"  {name,-28} {count,10:N0}");
            }
        }
        finally
        {
            SqliteConnectionPools.Clear();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(copy + suffix);
            }
        }
    }

    private static void CheckCandles(SoakSeries series, SoakFiles files, List<string> failures)
    {
        var store = new SqliteCandleStore(new SqliteDatabase(files.Database));
        foreach (var symbol in SoakSeries.Symbols)
        {
            var source = series.Candles[symbol];
            var stored = store.ReadAsync(symbol, series.StartMs, series.LastMinuteMs + SoakSeries.MinuteMs).GetAwaiter().GetResult();
            var byTime = stored.ToDictionary(c => c.OpenTimeMs);
            var wrong = new List<string>();
            foreach (var c in source)
            {
                if (!byTime.TryGetValue(c.OpenTimeMs, out var s))
                {
                    wrong.Add($"{c.OpenTime:u} missing");
                }
                else if (s.Open != c.Open || s.High != c.High || s.Low != c.Low || s.Close != c.Close || Math.Abs(s.Volume - c.Volume) > 1e-9 * Math.Max(1, c.Volume))
                {
                    wrong.Add($"{c.OpenTime:u} stored {s.Open}/{s.High}/{s.Low}/{s.Close}/{s.Volume}, source {c.Open}/{c.High}/{c.Low}/{c.Close}/{c.Volume}");
                }
            }

            if (wrong.Count > 0 || stored.Count != source.Count)
            {
                failures.Add($"{symbol}: {wrong.Count} of {source.Count} stored candles differ from the source ({stored.Count} stored): {string.Join("; ", wrong.Take(5))}");
            }
        }
    }

    private static void CheckLines(string what, IReadOnlyList<string> expected, List<string> actual, List<string> failures)
    {
        var k = 0;
        while (k < expected.Count && k < actual.Count && expected[k] == actual[k])
        {
            k++;
        }

        if (k < expected.Count || k < actual.Count)
        {
            failures.Add($"{what}s: {actual.Count} distinct, backtest {expected.Count}; first difference at #{k + 1}: live {(k < actual.Count ? actual[k] : "(none)")}, backtest {(k < expected.Count ? expected[k] : "(none)")}");
        }
    }

    /// <summary>What the shared log says: corrections, gaps, refusals, dead letters and each start's rebuild.</summary>
    private sealed partial record LogCounts(int Corrections, int TooLate, int GapsBackfilled, int KlineBackfills, int BadInputRefused, int DeadLettered, List<ColdStart> ColdStarts)
    {
        public static LogCounts Read(string path, List<SoakStart> starts, long historyStartMs)
        {
            int corrections = 0, late = 0, gaps = 0, klines = 0, bad = 0, dead = 0;
            var rebuilt = new List<(DateTime At, Match Match)>();
            if (File.Exists(path))
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                using var reader = new StreamReader(stream);
                while (reader.ReadLine() is { } line)
                {
                    corrections += line.Contains(": Correcting ", StringComparison.Ordinal) ? 1 : 0;
                    late += line.Contains("; not taken", StringComparison.Ordinal) ? 1 : 0;
                    gaps += line.Contains("Backfilled the feed gap", StringComparison.Ordinal) ? 1 : 0;
                    klines += line.Contains("Recent trades do not cover the feed gap", StringComparison.Ordinal) ? 1 : 0;
                    bad += line.Contains("Skipped a malformed Bybit frame", StringComparison.Ordinal) || line.Contains("Rejected ", StringComparison.Ordinal) ? 1 : 0;
                    dead += line.Contains("dead-lettered", StringComparison.Ordinal) ? 1 : 0;
                    if (line.Contains("Rebuilt the engine from", StringComparison.Ordinal) && Rebuilt().Match(line) is { Success: true } m)
                    {
                        rebuilt.Add((DateTime.Parse(m.Groups["at"].Value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), m));
                    }
                }
            }

            var cold = new List<ColdStart>();
            for (var n = 0; n < starts.Count; n++)
            {
                var end = n + 1 < starts.Count ? starts[n + 1].StartedUtc : DateTime.MaxValue;
                var first = rebuilt.FirstOrDefault(r => r.At >= starts[n].StartedUtc && r.At < end);
                if (first.Match is { } m)
                {
                    var from = DateTimeOffset.Parse(m.Groups["from"].Value, CultureInfo.InvariantCulture);
                    var to = DateTimeOffset.Parse(m.Groups["to"].Value, CultureInfo.InvariantCulture);
                    cold.Add(new ColdStart(starts[n].Number, (to.ToUnixTimeMilliseconds() - historyStartMs) / 86_400_000.0, (to - from).TotalHours, m.Groups["source"].Value, int.Parse(m.Groups["candles"].Value, CultureInfo.InvariantCulture),
                        int.Parse(m.Groups["ms"].Value, CultureInfo.InvariantCulture), (first.At - starts[n].StartedUtc).TotalMilliseconds));
                }
            }

            return new LogCounts(corrections, late, gaps, klines, bad, dead, cold);
        }

        [GeneratedRegex(@"^(?<at>\S+) \S+ \S+ Rebuilt the engine from (?<source>.+) and (?<candles>\d+) stored candles \((?<from>\S+) to (?<to>\S+)\) in (?<ms>\d+) ms")]
        private static partial Regex Rebuilt();
    }

    /// <summary>One start's rebuild: how much history was behind it and how long it took.</summary>
    private sealed record ColdStart(int Start, double HistoryDays, double ReplayedHours, string Source, int Candles, int RebuildMs, double StartToRebuiltMs);
}
