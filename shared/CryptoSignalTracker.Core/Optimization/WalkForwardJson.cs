using System.Text.Encodings.Web;
using System.Text.Json;
using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Statistics;
using CryptoSignalTracker.Core.Strategy;

namespace CryptoSignalTracker.Core.Optimization;

/// <summary>
/// <c>cst walkforward --json</c>: <c>folds</c> (windows, chosen settings, in- and out-of-sample metrics), the stitched
/// <c>outOfSample</c> trades and metrics (the shapes of <c>cst backtest --json</c>), <c>stability</c> and
/// <c>statistics</c>. Window times are ISO 8601 UTC candle open times, both bounds inclusive.
/// </summary>
public static class WalkForwardJson
{
    private static readonly JsonWriterOptions Indented = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes <paramref name="result"/>.</summary>
    public static void Write(WalkForwardResult result, Stream stream)
    {
        using var w = new Utf8JsonWriter(stream, Indented);
        w.WriteStartObject();
        w.WriteStartArray("folds");
        foreach (var f in result.Folds)
        {
            w.WriteStartObject();
            w.WriteNumber("fold", f.Number);
            Window(w, "inSample", f.InSampleFromMs, f.InSampleToMs);
            Window(w, "outOfSample", f.OutOfSampleFromMs, f.OutOfSampleToMs);
            WriteSettings(w, "chosen", f.Chosen);
            BacktestJson.WriteMetrics(w, "inSampleMetrics", f.InSampleMetrics);
            BacktestJson.WriteMetrics(w, "outOfSampleMetrics", f.OutOfSampleMetrics);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartObject("outOfSample");
        w.WriteStartArray("trades");
        foreach (var t in result.Trades)
        {
            BacktestJson.WriteTrade(w, t);
        }

        w.WriteEndArray();
        BacktestJson.WriteMetrics(w, "metrics", result.Metrics);
        w.WriteEndObject();
        w.WriteStartObject("stability");
        foreach (var (name, counts) in result.Stability)
        {
            w.WriteStartObject(name);
            foreach (var (value, count) in counts)
            {
                w.WriteNumber(WireNames.Number(value), count);
            }

            w.WriteEndObject();
        }

        w.WriteEndObject();
        WriteStatistics(w, result.Statistics);
        w.WriteEndObject();
    }

    /// <summary>Writes the <c>statistics</c> object (also used by <c>cst optimize --json</c>).</summary>
    public static void WriteStatistics(Utf8JsonWriter w, OverfittingReport s)
    {
        w.WriteStartObject("statistics");
        w.WriteNumber("trials", s.Trials);
        w.WriteNumber("observations", s.Observations);
        w.WriteNumber("sharpe", BacktestJson.Round(s.Sharpe));
        w.WriteNumber("skewness", BacktestJson.Round(s.Skewness));
        w.WriteNumber("kurtosis", BacktestJson.Round(s.Kurtosis));
        w.WriteNumber("trialSharpeVariance", BacktestJson.Round(s.TrialSharpeVariance));
        w.WriteNumber("expectedMaxSharpe", BacktestJson.Round(s.ExpectedMaxSharpe));
        w.WriteNumber("probabilisticSharpe", BacktestJson.Round(s.ProbabilisticSharpe));
        w.WriteNumber("deflatedSharpe", BacktestJson.Round(s.DeflatedSharpe));
        BacktestJson.WriteNullable(w, "pbo", s.Pbo);
        Interval(w, "expectancy", s.Expectancy);
        Interval(w, "profitFactor", s.ProfitFactor);
        w.WriteEndObject();
    }

    private static void Interval(Utf8JsonWriter w, string name, BootstrapInterval i)
    {
        w.WriteStartObject(name);
        BacktestJson.WriteNullable(w, "estimate", i.Estimate);
        BacktestJson.WriteNullable(w, "lower", i.Lower);
        BacktestJson.WriteNullable(w, "upper", i.Upper);
        w.WriteNumber("confidence", i.Confidence);
        w.WriteEndObject();
    }

    private static void Window(Utf8JsonWriter w, string name, long fromMs, long toMs)
    {
        w.WriteStartObject(name);
        w.WriteString("from", WireNames.Time(fromMs));
        w.WriteString("to", WireNames.Time(toMs));
        w.WriteEndObject();
    }

    private static void WriteSettings(Utf8JsonWriter w, string name, ChampionOptions settings)
    {
        w.WriteStartObject(name);
        foreach (var parameter in WalkForward.ParameterNames)
        {
            w.WriteNumber(parameter, WalkForward.Parameter(settings, parameter));
        }

        w.WriteEndObject();
    }
}
