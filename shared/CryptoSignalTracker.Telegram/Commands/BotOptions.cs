namespace CryptoSignalTracker.Telegram.Commands;

/// <summary>Who owns the bot and how its commands behave.</summary>
public sealed class BotOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Telegram:Bot";

    /// <summary>
    /// The highest <see cref="MaxVerifyAttemptsPerHourGlobal"/> accepted: 1,000 per hour is 8,766,000 guesses a year,
    /// which against 10^16 codes with up to 100 alive at once is a hit chance of 8.8e-8 a year (below one in a million).
    /// </summary>
    public const int MaxGlobalVerifyAttemptsPerHour = 1_000;

    /// <summary>User ids of the owners (may invite, allow groups; always allowed). Required: at least one.</summary>
    public IReadOnlyList<long> OwnerUserIds { get; set; } = [];

    /// <summary>The bot's username without <c>@</c>; commands addressed to another bot (<c>/cmd@Other</c>) are ignored. Default null: accept any.</summary>
    public string? BotUsername { get; init; }

    /// <summary>How long an invite code works. Default 1 h.</summary>
    public TimeSpan InviteLifetime { get; init; } = TimeSpan.FromHours(1);

    /// <summary><c>/verify</c> attempts one user may make per hour; further tries are refused unread. Default 5.</summary>
    public int MaxVerifyAttemptsPerHour { get; init; } = 5;

    /// <summary>
    /// <c>/verify</c> attempts the whole bot evaluates per hour, whoever sends them (many accounts cannot add up their
    /// per-user limits); further tries are refused unread. Default 30. With <see cref="BotCommandHandler.InviteDigits"/>
    /// digits this bounds the chance of guessing a live code (docs/telegram.md, "Invite codes").
    /// </summary>
    public int MaxVerifyAttemptsPerHourGlobal { get; init; } = 30;

    /// <summary>Starting equity for <c>/stats</c> and <c>/equity</c>, quote currency. Default 10000.</summary>
    public double InitialEquity { get; init; } = 10_000;

    /// <summary>Minutes <c>/chart</c> shows by default (and the chart button shows around a signal). Default 120.</summary>
    public int DefaultChartMinutes { get; init; } = 120;

    /// <summary>Most minutes <c>/chart</c> accepts. Default 1440 (one day).</summary>
    public int MaxChartMinutes { get; init; } = 1440;

    /// <summary>Candles read before the chart window so the RSI panel is warmed up. Default 140 (10 × RSI 14).</summary>
    public int ChartWarmUpCandles { get; init; } = 140;

    /// <summary>Signals <c>/last</c> lists by default. Default 5.</summary>
    public int DefaultLast { get; init; } = 5;

    /// <summary>Most signals <c>/last</c> lists. Default 20.</summary>
    public int MaxLast { get; init; } = 20;

    /// <summary>
    /// The dashboard's address (the Dashboard Cloud Run service's URL), which <c>/dashboard</c> links to; its signing key
    /// comes from <c>DASHBOARD_LINK_KEY</c>. Default null: <c>/dashboard</c> says the dashboard is not set up.
    /// </summary>
    public string? DashboardUrl { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that is out of range.</summary>
    public void Validate()
    {
        if (OwnerUserIds is null || OwnerUserIds.Count == 0 || OwnerUserIds.Any(id => id <= 0))
        {
            throw new ArgumentException("at least one owner user id (a positive Telegram user id) is required", nameof(OwnerUserIds));
        }

        if (InviteLifetime < TimeSpan.FromMinutes(1) || InviteLifetime > TimeSpan.FromDays(7))
        {
            throw new ArgumentException($"invite lifetime {InviteLifetime} is out of range (1 min..7 days)", nameof(InviteLifetime));
        }

        if (MaxVerifyAttemptsPerHour is < 1 or > 100)
        {
            throw new ArgumentException($"max verify attempts per user {MaxVerifyAttemptsPerHour} is out of range (1..100)", nameof(MaxVerifyAttemptsPerHour));
        }

        if (MaxVerifyAttemptsPerHourGlobal < MaxVerifyAttemptsPerHour || MaxVerifyAttemptsPerHourGlobal > MaxGlobalVerifyAttemptsPerHour)
        {
            throw new ArgumentException(
                $"max verify attempts for the whole bot {MaxVerifyAttemptsPerHourGlobal} is out of range ({MaxVerifyAttemptsPerHour}..{MaxGlobalVerifyAttemptsPerHour}): more would make invite codes guessable",
                nameof(MaxVerifyAttemptsPerHourGlobal));
        }

        if (!(InitialEquity > 0) || !double.IsFinite(InitialEquity))
        {
            throw new ArgumentException($"initial equity {InitialEquity} must be positive", nameof(InitialEquity));
        }

        if (DefaultChartMinutes < 15 || MaxChartMinutes < DefaultChartMinutes || MaxChartMinutes > 4000)
        {
            throw new ArgumentException($"chart minutes must satisfy 15 <= default ({DefaultChartMinutes}) <= max ({MaxChartMinutes}) <= 4000", nameof(MaxChartMinutes));
        }

        if (ChartWarmUpCandles is < 0 or > 1000)
        {
            throw new ArgumentException($"chart warm-up {ChartWarmUpCandles} is out of range (0..1000)", nameof(ChartWarmUpCandles));
        }

        if (DefaultLast < 1 || MaxLast < DefaultLast || MaxLast > 50)
        {
            throw new ArgumentException($"/last counts must satisfy 1 <= default ({DefaultLast}) <= max ({MaxLast}) <= 50", nameof(MaxLast));
        }
    }
}
