using System.Globalization;
using System.Text.Json;

namespace CryptoSignalTracker.Core.Tests.Indicators.Support;

/// <summary>Reads a field of Skender's <c>results/&lt;name&gt;.standard.json</c> as a series (null → NaN).</summary>
public static class SkenderResults
{
    /// <summary>The series of <paramref name="field"/> in <c>reference/skender/results/<paramref name="name"/>.standard.json</c>.</summary>
    public static double[] Series(string name, string field)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(TestCandles.PathOf($"reference/skender/results/{name}.standard.json")));
        var candles = TestCandles.Load(TestCandles.Skender);
        var rows = json.RootElement.EnumerateArray().ToArray();
        Assert.Equal(candles.Length, rows.Length);
        var series = new double[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            // The rows must line up with the quotes, or every comparison below would be meaningless.
            var time = DateTimeOffset.Parse(rows[i].GetProperty("timestamp").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            Assert.Equal(candles[i].OpenTimeMs, time.ToUnixTimeMilliseconds());
            var value = rows[i].GetProperty(field);
            series[i] = value.ValueKind == JsonValueKind.Null ? double.NaN : value.GetDouble();
        }

        return series;
    }
}
