using CryptoSignalTracker.Core.Macro;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Exchanges.Macro;

namespace CryptoSignalTracker.Functions.MacroEngine;

/// <summary>What a MacroEngine run (<see cref="MacroCrossCheck"/>, <see cref="MacroRunner"/>) works with.</summary>
/// <param name="Feed">Kraken's candles, else CryptoCompare's.</param>
/// <param name="Biases">The bias store (the LogicEngine's biases; role Decide writes its own).</param>
/// <param name="State">The state store (the LogicEngine's watermark; role Decide's swing intents).</param>
/// <param name="Bus">Where biases are published (<c>macro-bias-updates</c>).</param>
/// <param name="Macro">The macro rules' options (validated on construction).</param>
public sealed record MacroEnginePorts(MacroCandleFeed Feed, IBiasStore Biases, IStateStore State, IMessageBus Bus, MacroOptions Macro)
{
    /// <summary>The candle feed.</summary>
    public MacroCandleFeed Feed { get; } = Feed ?? throw new ArgumentNullException(nameof(Feed));

    /// <summary>The bias store.</summary>
    public IBiasStore Biases { get; } = Biases ?? throw new ArgumentNullException(nameof(Biases));

    /// <summary>The state store.</summary>
    public IStateStore State { get; } = State ?? throw new ArgumentNullException(nameof(State));

    /// <summary>The bus.</summary>
    public IMessageBus Bus { get; } = Bus ?? throw new ArgumentNullException(nameof(Bus));

    /// <summary>The rules' options.</summary>
    public MacroOptions Macro { get; } = (Macro ?? throw new ArgumentNullException(nameof(Macro))).Validate();
}
