namespace CryptoSignalTracker.Telegram.Formatting;

/// <summary>Hard limits of the Bot API (protocols.md §3).</summary>
public static class TelegramLimits
{
    /// <summary>Longest message text, characters after entity parsing.</summary>
    public const int MessageText = 4096;

    /// <summary>Longest photo caption, characters after entity parsing.</summary>
    public const int Caption = 1024;

    /// <summary>Longest <c>callback_data</c> of an inline button, in UTF-8 bytes.</summary>
    public const int CallbackData = 64;

    /// <summary>Longest <c>answerCallbackQuery</c> toast text.</summary>
    public const int CallbackAnswer = 200;
}
