using System.Globalization;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Telegram.Formatting;
using CryptoSignalTracker.Telegram.State;

namespace CryptoSignalTracker.Telegram.Notifications;

/// <summary>
/// Leases that make "one alert per signal and chat" hold under duplicate, concurrent and crashed deliveries, using
/// only create-if-absent (<see cref="IStateStore.TryCreateAsync"/>), which every backend does atomically.
/// <para>
/// Attempt <c>n</c> of a (signal, chat) pair is the key <c>{hash(signal, chat)}-{n}</c>. Whoever creates attempt 0
/// holds the lease and sends. A later caller reads the newest attempt: <see cref="DeliveryClaimState.Sent"/> or
/// <see cref="DeliveryClaimState.Failed"/> ends the matter; a live <see cref="DeliveryClaimState.Pending"/> lease means
/// another instance is sending (the caller reports "retry later"); a <see cref="DeliveryClaimState.Released"/> attempt,
/// or a pending one whose lease plus grace has run out (its holder crashed), is taken over by creating attempt
/// <c>n+1</c> — which, being create-if-absent, exactly one caller wins. No compare-and-swap is needed, and a slow
/// former holder cannot disturb the new one: it only ever writes its own attempt's key.
/// </para>
/// </summary>
public sealed class DeliveryClaims
{
    /// <summary>State-store collection of the claims.</summary>
    public const string Collection = "tg_claims";

    private readonly IStateStore _store;
    private readonly TimeProvider _time;
    private readonly NotifierOptions _options;

    /// <summary>Creates the claims for this instance, identified by <paramref name="owner"/> (e.g. a GUID per process).</summary>
    public DeliveryClaims(IStateStore store, TimeProvider timeProvider, NotifierOptions options, string owner)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _options.Validate();
        ArgumentException.ThrowIfNullOrEmpty(owner);
        Owner = owner;
    }

    /// <summary>This instance's id, written into its claims.</summary>
    public string Owner { get; }

    /// <summary>Tries to take the lease of delivering <paramref name="signalId"/> to <paramref name="chatId"/>.</summary>
    public async Task<ClaimResult> TryAcquireAsync(string signalId, long chatId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(signalId);
        var baseKey = SignalKeys.Hash(signalId, BotState.Key(chatId));
        for (var attempt = 0; attempt < _options.MaxAttempts; attempt++)
        {
            var key = Key(baseKey, attempt);
            var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
            var mine = new DeliveryClaim(signalId, chatId, attempt, Owner, DeliveryClaimState.Pending, now + (long)_options.Lease.TotalMilliseconds);
            if (await _store.TryCreateAsync(Collection, key, StateJson.Write(mine), cancellationToken).ConfigureAwait(false))
            {
                return new ClaimResult(ClaimStatus.Acquired, mine);
            }

            var json = await _store.GetAsync(Collection, key, cancellationToken).ConfigureAwait(false);
            if (json is null)
            {
                // Claims are never deleted; a missing key after a failed create means the store lost it. Refuse to guess.
                throw new StoreException($"delivery claim {Collection}/{key} vanished between create and read");
            }

            var theirs = StateJson.Read<DeliveryClaim>(json, Collection, key);
            switch (theirs.State)
            {
                case DeliveryClaimState.Sent:
                    return new ClaimResult(ClaimStatus.AlreadySent, theirs);
                case DeliveryClaimState.Failed:
                    return new ClaimResult(ClaimStatus.AlreadyFailed, theirs);
                case DeliveryClaimState.Pending when now < theirs.LeaseUntilMs + (long)_options.TakeoverGrace.TotalMilliseconds:
                    return new ClaimResult(ClaimStatus.HeldElsewhere, theirs);
                default:
                    continue; // released or expired: take over with the next attempt
            }
        }

        return new ClaimResult(ClaimStatus.Exhausted, null);
    }

    /// <summary>Records how the held <paramref name="claim"/> ended (sent, released or failed).</summary>
    public Task CompleteAsync(DeliveryClaim claim, DeliveryClaimState state, long messageId, string? detail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        if (state == DeliveryClaimState.Pending)
        {
            throw new ArgumentException("a claim is completed as sent, released or failed, not pending", nameof(state));
        }

        var baseKey = SignalKeys.Hash(claim.SignalId, BotState.Key(claim.ChatId));
        var done = claim with { State = state, MessageId = messageId, Detail = detail, LeaseUntilMs = 0 };
        return _store.PutAsync(Collection, Key(baseKey, claim.Attempt), StateJson.Write(done), cancellationToken);
    }

    private static string Key(string baseKey, int attempt) => baseKey + "-" + attempt.ToString(CultureInfo.InvariantCulture);
}
