using CryptoSignalTracker.Core.Messages;

namespace CryptoSignalTracker.Cli.Run;

/// <summary>Where <c>cst run</c> shows what happens: alerts for every ENTRY/EXIT and its own status lines.</summary>
internal interface IRunOutput
{
    /// <summary>An ENTRY or EXIT the LogicEngine published.</summary>
    Task PublishedAsync(TradeSignalMessage message, CancellationToken cancellationToken);

    /// <summary>One line of the command's own (start, done, stopped).</summary>
    Task LineAsync(string line, CancellationToken cancellationToken);
}
