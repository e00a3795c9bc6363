using CryptoSignalTracker.Core.Backtesting;
using CryptoSignalTracker.Core.Strategy;

namespace CryptoSignalTracker.Core.Optimization;

/// <summary>One grid combination backtested on an in-sample and an out-of-sample window.</summary>
/// <param name="Index">Position in the grid's fixed order.</param>
/// <param name="Settings">The strategy settings tried.</param>
/// <param name="InSample">The in-sample run.</param>
/// <param name="OutOfSample">The out-of-sample run.</param>
public sealed record GridTrial(int Index, ChampionOptions Settings, WindowRun InSample, WindowRun OutOfSample);
