using CryptoSignalTracker.Core.Ports;

namespace CryptoSignalTracker.Live;

/// <summary>The stores and the bus the <see cref="LiveEngine"/> works with (Google or embedded implementations).</summary>
/// <param name="Candles">Where the Aggregator stored the closed candles (read to fill gaps and to rebuild).</param>
/// <param name="State">The engine's watermark, journal and the MacroEngine's swing intents.</param>
/// <param name="Biases">The current macro bias per symbol.</param>
/// <param name="Positions">The paper positions, opened and closed as the engine decides.</param>
/// <param name="Bus">Where ENTRY and EXIT messages are published (topic <c>trade-signals-micro</c>).</param>
/// <param name="MacroHistory">Where a new deployment's 4-hour EMA warm-up comes from (Kraken, else CryptoCompare); null: none.</param>
public sealed record LivePorts(ICandleStore Candles, IStateStore State, IBiasStore Biases, IPositionBook Positions, IMessageBus Bus, IMacroHistorySource? MacroHistory = null);
