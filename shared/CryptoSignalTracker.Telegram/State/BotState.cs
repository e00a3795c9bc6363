using System.Globalization;
using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Ports;

namespace CryptoSignalTracker.Telegram.State;

/// <summary>
/// Every piece of multi-user bot state, kept in the shared <see cref="IStateStore"/> (nothing in memory, so any
/// instance can answer any update). Each fact is its own key, written with create-if-absent or delete-if-present,
/// so concurrent commands never lose each other's updates.
/// </summary>
public sealed class BotState
{
    /// <summary>Allow-listed chats (key: chat id).</summary>
    public const string Chats = "tg_chats";

    /// <summary>Outstanding invite codes (key: the code).</summary>
    public const string Invites = "tg_invites";

    /// <summary><c>/verify</c> attempts per hour (key: user id or <c>all</c>, then the hour since 1970; value: the count).</summary>
    public const string VerifyAttempts = "tg_verify_attempts";

    /// <summary>Muted symbols (key: chat id + symbol).</summary>
    public const string Mutes = "tg_mutes";

    /// <summary>Chats that blocked the bot or disappeared (key: chat id).</summary>
    public const string Blocked = "tg_blocked";

    /// <summary>Alerted signals with their entry text (key: <see cref="Formatting.SignalKeys"/>).</summary>
    public const string Signals = "tg_signals";

    /// <summary>Recorded exits (key: the signal key).</summary>
    public const string Exits = "tg_exits";

    private readonly IStateStore _store;

    /// <summary>Creates the state on <paramref name="store"/>.</summary>
    public BotState(IStateStore store)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
    }

    /// <summary>The underlying store.</summary>
    public IStateStore Store => _store;

    /// <summary>Every allow-listed chat, ordered by key.</summary>
    public async Task<IReadOnlyList<AllowedChat>> ListChatsAsync(CancellationToken cancellationToken)
    {
        var rows = await _store.ListAsync(Chats, cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(r => StateJson.Read<AllowedChat>(r.Value, Chats, r.Key))];
    }

    /// <summary>The allow-listed chat <paramref name="chatId"/>, or null.</summary>
    public async Task<AllowedChat?> GetChatAsync(long chatId, CancellationToken cancellationToken)
    {
        var key = Key(chatId);
        var json = await _store.GetAsync(Chats, key, cancellationToken).ConfigureAwait(false);
        return json is null ? null : StateJson.Read<AllowedChat>(json, Chats, key);
    }

    /// <summary>Adds <paramref name="chat"/> to the allow-list; false when it was already there. Clears a blocked mark.</summary>
    public async Task<bool> AddChatAsync(AllowedChat chat, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chat);
        await _store.TryDeleteAsync(Blocked, Key(chat.ChatId), cancellationToken).ConfigureAwait(false);
        return await _store.TryCreateAsync(Chats, Key(chat.ChatId), StateJson.Write(chat), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes <paramref name="chatId"/> from the allow-list; false when it was not there.</summary>
    public Task<bool> RemoveChatAsync(long chatId, CancellationToken cancellationToken) =>
        _store.TryDeleteAsync(Chats, Key(chatId), cancellationToken);

    /// <summary>True when <paramref name="chatId"/> blocked the bot (or disappeared) and gets nothing more.</summary>
    public async Task<bool> IsBlockedAsync(long chatId, CancellationToken cancellationToken) =>
        await _store.GetAsync(Blocked, Key(chatId), cancellationToken).ConfigureAwait(false) is not null;

    /// <summary>Marks <paramref name="chatId"/> as blocked with a secret-free <paramref name="reason"/>.</summary>
    public Task MarkBlockedAsync(long chatId, string reason, long nowMs, CancellationToken cancellationToken) =>
        _store.PutAsync(Blocked, Key(chatId), StateJson.Write(new BlockedMark(reason, nowMs)), cancellationToken);

    /// <summary>Clears the blocked mark (the user wrote to the bot again); false when there was none.</summary>
    public Task<bool> UnblockAsync(long chatId, CancellationToken cancellationToken) =>
        _store.TryDeleteAsync(Blocked, Key(chatId), cancellationToken);

    /// <summary>Mutes <paramref name="symbol"/> in <paramref name="chatId"/>; false when already muted.</summary>
    public Task<bool> MuteAsync(long chatId, string symbol, CancellationToken cancellationToken) =>
        _store.TryCreateAsync(Mutes, MuteKey(chatId, symbol), "1", cancellationToken);

    /// <summary>Unmutes; false when it was not muted.</summary>
    public Task<bool> UnmuteAsync(long chatId, string symbol, CancellationToken cancellationToken) =>
        _store.TryDeleteAsync(Mutes, MuteKey(chatId, symbol), cancellationToken);

    /// <summary>
    /// True when <paramref name="symbol"/> is muted in <paramref name="chatId"/>. A symbol that cannot be a store key
    /// cannot have been muted (<c>/mute</c> accepts letters and digits only), so it is reported as not muted.
    /// </summary>
    public async Task<bool> IsMutedAsync(long chatId, string symbol, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(symbol) || !symbol.All(char.IsAsciiLetterOrDigit))
        {
            return false;
        }

        return await _store.GetAsync(Mutes, MuteKey(chatId, symbol), cancellationToken).ConfigureAwait(false) is not null;
    }

    /// <summary>The symbols muted in <paramref name="chatId"/>, ordered.</summary>
    public async Task<IReadOnlyList<string>> ListMutesAsync(long chatId, CancellationToken cancellationToken)
    {
        var prefix = Key(chatId) + ".";
        var rows = await _store.ListAsync(Mutes, cancellationToken).ConfigureAwait(false);
        return [.. rows.Where(r => r.Key.StartsWith(prefix, StringComparison.Ordinal)).Select(r => r.Key[prefix.Length..])];
    }

    /// <summary>Stores a new invite; false when the code is already taken.</summary>
    public Task<bool> CreateInviteAsync(InviteCode invite, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invite);
        return _store.TryCreateAsync(Invites, invite.Code, StateJson.Write(invite), cancellationToken);
    }

    /// <summary>The invite <paramref name="code"/>, or null.</summary>
    public async Task<InviteCode?> GetInviteAsync(string code, CancellationToken cancellationToken)
    {
        var json = await _store.GetAsync(Invites, code, cancellationToken).ConfigureAwait(false);
        return json is null ? null : StateJson.Read<InviteCode>(json, Invites, code);
    }

    /// <summary>Consumes the invite: true for exactly one caller, however many try at once.</summary>
    public Task<bool> TryConsumeInviteAsync(string code, CancellationToken cancellationToken) =>
        _store.TryConsumeAsync(Invites, code, cancellationToken);

    /// <summary>
    /// Counts a <c>/verify</c> attempt of <paramref name="userId"/> in the hour of <paramref name="nowMs"/> against the
    /// per-user limit <paramref name="perUser"/> and then the bot-wide limit <paramref name="global"/>; false (and the
    /// code must not be looked at) when either is used up. Each count is one atomic increment of the store, so a burst
    /// of concurrent attempts cannot pass a limit (see <see cref="IStateStore.TryIncrementAsync"/>).
    /// </summary>
    public async Task<VerifyAttempt> TryCountVerifyAttemptAsync(long userId, long nowMs, int perUser, int global, CancellationToken cancellationToken)
    {
        var hour = (nowMs / 3_600_000).ToString(CultureInfo.InvariantCulture);
        if (!await _store.TryIncrementAsync(VerifyAttempts, $"{Key(userId)}.{hour}", perUser, cancellationToken).ConfigureAwait(false))
        {
            return VerifyAttempt.UserLimit;
        }

        return await _store.TryIncrementAsync(VerifyAttempts, $"all.{hour}", global, cancellationToken).ConfigureAwait(false)
            ? VerifyAttempt.Counted
            : VerifyAttempt.GlobalLimit;
    }

    /// <summary>Stores the alerted signal under <paramref name="key"/> unless already stored; returns the stored version (first writer wins).</summary>
    public async Task<StoredSignal> SaveSignalAsync(string key, StoredSignal signal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signal);
        if (await _store.TryCreateAsync(Signals, key, StateJson.Write(signal), cancellationToken).ConfigureAwait(false))
        {
            return signal;
        }

        return await GetSignalAsync(key, cancellationToken).ConfigureAwait(false) ?? signal;
    }

    /// <summary>The alerted signal under <paramref name="key"/>, or null.</summary>
    public async Task<StoredSignal?> GetSignalAsync(string key, CancellationToken cancellationToken)
    {
        var json = await _store.GetAsync(Signals, key, cancellationToken).ConfigureAwait(false);
        return json is null ? null : StateJson.Read<StoredSignal>(json, Signals, key);
    }

    /// <summary>Every alerted signal (unordered by time; callers sort).</summary>
    public async Task<IReadOnlyList<StoredSignal>> ListSignalsAsync(CancellationToken cancellationToken)
    {
        var rows = await _store.ListAsync(Signals, cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(r => StateJson.Read<StoredSignal>(r.Value, Signals, r.Key))];
    }

    /// <summary>Records the exit of the signal under <paramref name="key"/> (rewriting the same exit is harmless).</summary>
    public Task SaveExitAsync(string key, ClosedTrade trade, CancellationToken cancellationToken) =>
        _store.PutAsync(Exits, key, StateJson.Write(trade), cancellationToken);

    /// <summary>The recorded exit of the signal under <paramref name="key"/>, or null.</summary>
    public async Task<ClosedTrade?> GetExitAsync(string key, CancellationToken cancellationToken)
    {
        var json = await _store.GetAsync(Exits, key, cancellationToken).ConfigureAwait(false);
        return json is null ? null : StateJson.Read<ClosedTrade>(json, Exits, key);
    }

    /// <summary>Every recorded exit, ordered by exit time then signal id.</summary>
    public async Task<IReadOnlyList<ClosedTrade>> ListExitsAsync(CancellationToken cancellationToken)
    {
        var rows = await _store.ListAsync(Exits, cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(r => StateJson.Read<ClosedTrade>(r.Value, Exits, r.Key))
            .OrderBy(t => t.ExitTimeMs).ThenBy(t => t.SignalId, StringComparer.Ordinal)];
    }

    /// <summary>The state-store key of a chat id.</summary>
    public static string Key(long chatId) => chatId.ToString(CultureInfo.InvariantCulture);

    private static string MuteKey(long chatId, string symbol) => StoreNames.Validate($"{Key(chatId)}.{symbol}", "mute key");

    private sealed record BlockedMark(string Reason, long AtMs);
}
