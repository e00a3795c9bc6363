using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Core.Tests.Indicators.Support;

/// <summary>Inputs and the independently known outputs an indicator must reproduce.</summary>
/// <param name="Candles">The input candles.</param>
/// <param name="Expected">One expected series per output (NaN = no value yet); null where an output is not checked.</param>
public sealed record ReferenceCase(Candle[] Candles, double[]?[] Expected);
