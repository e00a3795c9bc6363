namespace CryptoSignalTracker.Core.Strategy;

/// <summary>V5.2 Champion settings: one set of defaults plus per-symbol overrides of any field.</summary>
public sealed record StrategySettings
{
    /// <summary>Settings every symbol uses unless overridden.</summary>
    public ChampionOptions Defaults { get; init; } = new();

    /// <summary>Complete per-symbol settings (already merged over <see cref="Defaults"/>), keyed by symbol.</summary>
    public IReadOnlyDictionary<string, ChampionOptions> PerSymbol { get; init; } = new Dictionary<string, ChampionOptions>();

    /// <summary>The settings that apply to <paramref name="symbol"/>.</summary>
    public ChampionOptions For(string symbol) => PerSymbol.TryGetValue(symbol, out var o) ? o : Defaults;

    /// <summary>A new strategy instance for <paramref name="symbol"/>.</summary>
    public IStrategy CreateFor(string symbol) => new ChampionStrategy(For(symbol));

    /// <summary>A strategy for a grid search's backtest: indicators read from <paramref name="tape"/> when given, set-up reasons left out without <paramref name="reasons"/>.</summary>
    internal IStrategy CreateFor(string symbol, Backtesting.IndicatorTape? tape, bool reasons) =>
        new ChampionStrategy(For(symbol), tape?.For(symbol, For(symbol)), reasons);
}
