using System.Globalization;

namespace CryptoSignalTracker.Core.Data;

/// <summary>An exchange contract's price and quantity granularity.</summary>
/// <param name="Symbol">The symbol, e.g. BTCUSDT.</param>
/// <param name="TickSize">Smallest price step (quote currency), e.g. 0.1 for BTCUSDT on Bybit linear.</param>
/// <param name="QtyStep">Smallest order quantity step (base currency), e.g. 0.001.</param>
public sealed record InstrumentSpec(string Symbol, double TickSize, double QtyStep)
{
    /// <summary>Returns this spec, or throws naming the symbol and the bad value.</summary>
    /// <exception cref="ArgumentException">The symbol is empty or a step is not a positive finite number.</exception>
    public InstrumentSpec Validate()
    {
        if (string.IsNullOrWhiteSpace(Symbol))
        {
            throw new ArgumentException("an instrument needs a symbol");
        }

        foreach (var (name, value) in new[] { ("tickSize", TickSize), ("qtyStep", QtyStep) })
        {
            if (!(double.IsFinite(value) && value > 0))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{Symbol}: {name} {value} must be a positive number"));
            }
        }

        return this;
    }
}
