using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Telegram.Commands;

namespace CryptoSignalTracker.Telegram.Local;

/// <summary>The pipeline's ports <see cref="LocalBot"/> works on (in <c>cst run</c>: the in-process bus and the SQLite stores).</summary>
public sealed record LocalBotPorts
{
    /// <summary>The bus carrying <c>trade-signals-micro</c>.</summary>
    public required IMessageBus Bus { get; init; }

    /// <summary>Bot state: allow-list, invites, mutes, delivery claims.</summary>
    public required IStateStore State { get; init; }

    /// <summary>Which message carries each alert (for the exit edit).</summary>
    public required IAlertLog Alerts { get; init; }

    /// <summary>Candles for <c>/chart</c> and the chart button.</summary>
    public required ICandleStore Candles { get; init; }

    /// <summary>Positions and closed trades for <c>/positions</c>, <c>/last</c>, <c>/stats</c>, <c>/equity</c>.</summary>
    public required IPositionBook Positions { get; init; }

    /// <summary>Macro bias for <c>/bias</c>.</summary>
    public required IBiasStore Bias { get; init; }

    /// <summary>Pipeline health for <c>/status</c>.</summary>
    public required IPipelineStatus Status { get; init; }

    /// <summary>
    /// Drops Telegram updates seen before (an update resent after a crash is not answered twice). Optional but
    /// recommended; null answers a resent update again.
    /// </summary>
    public IIdempotencyStore? Updates { get; init; }
}
