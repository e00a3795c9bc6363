using System.Text.Json;
using System.Text.Json.Serialization;
using CryptoSignalTracker.Core.Strategy;

namespace CryptoSignalTracker.Core.Optimization;

/// <summary>
/// The V5.2 Champion settings an optimisation tries: every combination of the listed values. The default is
/// the original system's 324-combination grid.
/// </summary>
public sealed record ParameterGrid
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    /// <summary>RSI overbought thresholds. Default 70, 73, 75.</summary>
    public IReadOnlyList<double> Overbought { get; init; } = [70, 73, 75];

    /// <summary>RSI oversold thresholds. Default 20, 23, 25.</summary>
    public IReadOnlyList<double> Oversold { get; init; } = [20, 23, 25];

    /// <summary>Volume spike factors. Default 0.1, 1.0, 1.5, 2.0.</summary>
    public IReadOnlyList<double> VolumeFactor { get; init; } = [0.1, 1.0, 1.5, 2.0];

    /// <summary>Take-profit percentages. Default 0.5, 1.0, 1.5.</summary>
    public IReadOnlyList<double> TakeProfitPercent { get; init; } = [0.5, 1.0, 1.5];

    /// <summary>Stop-loss percentages. Default 0.3, 0.5, 0.7.</summary>
    public IReadOnlyList<double> StopLossPercent { get; init; } = [0.3, 0.5, 0.7];

    /// <summary>Number of combinations.</summary>
    public int Count => Overbought.Count * Oversold.Count * VolumeFactor.Count * TakeProfitPercent.Count * StopLossPercent.Count;

    /// <summary>Every combination applied over <paramref name="baseline"/>, in a fixed order.</summary>
    public IReadOnlyList<ChampionOptions> Combinations(ChampionOptions baseline)
    {
        var list = new List<ChampionOptions>(Count);
        foreach (var ob in Overbought)
        {
            foreach (var os in Oversold)
            {
                foreach (var vf in VolumeFactor)
                {
                    foreach (var tp in TakeProfitPercent)
                    {
                        foreach (var sl in StopLossPercent)
                        {
                            list.Add((baseline with { Overbought = ob, Oversold = os, VolumeFactor = vf, TakeProfitPercent = tp, StopLossPercent = sl, ExitMode = ExitMode.Fixed }).Validate());
                        }
                    }
                }
            }
        }

        return list;
    }

    /// <summary>Reads a grid from JSON (<c>{"overbought":[70,75],"oversold":[25],...}</c>; missing keys keep the defaults).</summary>
    public static ParameterGrid Parse(string json)
    {
        var grid = JsonSerializer.Deserialize<ParameterGrid>(json, Json) ?? throw new FormatException("the grid file is empty");
        foreach (var (name, values) in new[] { ("overbought", grid.Overbought), ("oversold", grid.Oversold), ("volumeFactor", grid.VolumeFactor), ("takeProfitPercent", grid.TakeProfitPercent), ("stopLossPercent", grid.StopLossPercent) })
        {
            if (values is null || values.Count == 0)
            {
                throw new FormatException($"grid key '{name}' needs at least one value");
            }
        }

        return grid;
    }
}
