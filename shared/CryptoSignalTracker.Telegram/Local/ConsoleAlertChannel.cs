using CryptoSignalTracker.Telegram.Formatting;
using CryptoSignalTracker.Telegram.Notifications;
using Microsoft.Extensions.Logging;

namespace CryptoSignalTracker.Telegram.Local;

/// <summary>
/// Where alerts go when no bot token is configured: the text the <see cref="AlertFormatter"/> would send to
/// Telegram, as plain text, written to a <see cref="TextWriter"/> (the terminal of <c>cst run</c>). An entry prints
/// the full alert; an exit prints the exit block (a terminal cannot edit what it printed). Each alert is one write
/// under a lock, so alerts handled in parallel never interleave.
/// </summary>
public sealed class ConsoleAlertChannel
{
    /// <summary>The line printed above every alert.</summary>
    public static readonly string Separator = new('─', 40);

    private readonly TextWriter _output;
    private readonly AlertFormatter _formatter;
    private readonly ILogger<ConsoleAlertChannel> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Creates the channel writing to <paramref name="output"/>.</summary>
    public ConsoleAlertChannel(TextWriter output, AlertFormatter formatter, ILogger<ConsoleAlertChannel> logger)
    {
        _output = output ?? throw new ArgumentNullException(nameof(output));
        _formatter = formatter ?? throw new ArgumentNullException(nameof(formatter));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>The plain text printed for <paramref name="notification"/> (without the separator).</summary>
    public string Text(SignalNotification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var html = notification.Entry is { } signal
            ? _formatter.Entry(signal, notification.Bias)
            : _formatter.ExitOnly(notification.Exit!);
        return PlainAlertText.FromTelegramHtml(html);
    }

    /// <summary>Prints <paramref name="notification"/>.</summary>
    public async Task WriteAsync(SignalNotification notification, CancellationToken cancellationToken)
    {
        var block = Separator + Environment.NewLine + Text(notification).ReplaceLineEndings() + Environment.NewLine;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _output.WriteAsync(block.AsMemory(), cancellationToken).ConfigureAwait(false);
            await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }

        _logger.LogInformation(
            "Alert {SignalId} ({Type}) printed to the console", notification.SignalId, notification.Entry is null ? "EXIT" : "ENTRY");
    }
}
