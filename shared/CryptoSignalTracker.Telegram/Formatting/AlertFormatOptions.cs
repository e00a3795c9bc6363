namespace CryptoSignalTracker.Telegram.Formatting;

/// <summary>Wording and size budget of alert texts.</summary>
public sealed class AlertFormatOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Telegram:Alerts";

    /// <summary>
    /// Characters kept free in an entry alert for the exit block appended on exit, so the edited text still fits
    /// in <see cref="TelegramLimits.MessageText"/>. Default 700 (an exit block is under 300).
    /// </summary>
    public int ExitReserve { get; init; } = 700;

    /// <summary>Longest symbol or strategy id shown; longer ones are cut with an ellipsis. Default 40.</summary>
    public int MaxNameLength { get; init; } = 40;

    /// <summary>Quote currency of notional values and PnL. Default <c>USDT</c>.</summary>
    public string QuoteCurrency { get; init; } = "USDT";

    /// <summary>
    /// The <c>instruments.json</c> written by <c>cst download</c> (env <c>Telegram__Alerts__InstrumentsFile</c>): its tick sizes override the
    /// built-in table prices are rounded to (see <see cref="CryptoSignalTracker.Core.Data.TickSizes"/>). Default none: the built-in table.
    /// </summary>
    public string? InstrumentsFile { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that is out of range.</summary>
    public void Validate()
    {
        if (ExitReserve is < 300 or > TelegramLimits.MessageText / 2)
        {
            throw new ArgumentException($"alert exit reserve {ExitReserve} is out of range (300..{TelegramLimits.MessageText / 2})", nameof(ExitReserve));
        }

        if (MaxNameLength is < 8 or > 200)
        {
            throw new ArgumentException($"alert max name length {MaxNameLength} is out of range (8..200)", nameof(MaxNameLength));
        }

        if (string.IsNullOrWhiteSpace(QuoteCurrency) || QuoteCurrency.Length > 10)
        {
            throw new ArgumentException("alert quote currency must be 1-10 characters", nameof(QuoteCurrency));
        }

        if (!string.IsNullOrWhiteSpace(InstrumentsFile) && !File.Exists(InstrumentsFile))
        {
            throw new ArgumentException($"alert instruments file {InstrumentsFile} does not exist (write it with cst download, or unset it to use the built-in tick sizes)", nameof(InstrumentsFile));
        }
    }
}
