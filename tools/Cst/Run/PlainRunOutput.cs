using CryptoSignalTracker.Core.Messages;
using CryptoSignalTracker.Telegram.Formatting;
using CryptoSignalTracker.Telegram.Local;
using CryptoSignalTracker.Telegram.Notifications;
using Microsoft.Extensions.Logging;

namespace CryptoSignalTracker.Cli.Run;

/// <summary>Plain lines on a writer (standard output when it is not a terminal): every alert as the bot would word it, and the command's own lines.</summary>
internal sealed class PlainRunOutput(TextWriter writer, ILoggerFactory loggers) : IRunOutput
{
    private readonly ConsoleAlertChannel _alerts = new(writer, new AlertFormatter(new AlertFormatOptions()), loggers.CreateLogger<ConsoleAlertChannel>());

    /// <inheritdoc />
    public Task PublishedAsync(TradeSignalMessage message, CancellationToken cancellationToken) =>
        _alerts.WriteAsync(
            message.Type == TradeSignalMessageType.Entry ? SignalNotification.ForEntry(message.Signal!, message.Bias) : SignalNotification.ForExit(message.Trade!),
            cancellationToken);

    /// <inheritdoc />
    public async Task LineAsync(string line, CancellationToken cancellationToken)
    {
        await writer.WriteLineAsync(line.AsMemory(), cancellationToken).ConfigureAwait(false);
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
