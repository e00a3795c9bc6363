using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Health;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.Dashboard.Health;
using CryptoSignalTracker.Dashboard.Status;

namespace CryptoSignalTracker.Dashboard;

/// <summary>
/// Answers the dashboard's status, positions, signals and macro questions from the stores, through the same collector
/// as <c>cst run</c>'s status view. Read-only.
/// </summary>
internal sealed class DashboardQueries
{
    private readonly DashboardSources _sources;
    private readonly RunStatusCollector _collector;
    private readonly IStageHealthSource _stageHealth;

    public DashboardQueries(DashboardSources sources)
    {
        _sources = sources;
        _collector = new RunStatusCollector(sources.Symbols, sources.Candles, sources.Positions, () => null, sources.Time);
        _stageHealth = sources.StageHealth ?? new StageHealthStore(sources.State);
    }

    public async Task<StatusModel> StatusAsync(CancellationToken cancellationToken)
    {
        var now = await DashboardClock.NowAsync(_sources, cancellationToken).ConfigureAwait(false);
        var snapshot = await _collector.SnapshotAsync(now, cancellationToken).ConfigureAwait(false);
        var closed = await _sources.Trades.ListClosedAsync(0, long.MaxValue, cancellationToken).ConfigureAwait(false);
        var biases = await BiasesAsync(now.ToUnixTimeMilliseconds(), cancellationToken).ConfigureAwait(false);
        var symbols = snapshot.Symbols.Select(s => new SymbolModel(
            s.Symbol, s.Last?.OpenTimeMs, s.Last?.Close, s.Last?.Trades, s.Lag?.TotalSeconds, biases.GetValueOrDefault(s.Symbol))).ToList();
        var (stages, stagesLevel, stagesReason) = await StagesAsync(now, cancellationToken).ConfigureAwait(false);
        return new StatusModel(
            now.ToUnixTimeMilliseconds(),
            _sources.Mode.ToString().ToLowerInvariant(),
            snapshot.Health.Level.ToString().ToLowerInvariant(),
            snapshot.Health.Reason,
            symbols,
            _sources.Trading.Risk.InitialEquity + closed.Sum(t => t.Pnl),
            _sources.Trading.Risk.InitialEquity,
            snapshot.Positions.Count,
            snapshot.Positions.Count + closed.Count,
            closed.Count,
            snapshot.Positions.Sum(p => p.UnrealisedPnl ?? 0))
        {
            Stages = stages,
            StagesHealth = Level(stagesLevel),
            StagesReason = stagesReason,
        };
    }

    /// <summary>
    /// Each stage's health at <paramref name="now"/> (<see cref="StageHealthRules"/>). Records that cannot be read leave the
    /// stages amber with the reason; the rest of the status is still answered.
    /// </summary>
    public async Task<(IReadOnlyList<StageModel> Stages, StageLevel Level, string Reason)> StagesAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        IReadOnlyList<StageHeartbeat> records;
        try
        {
            records = await _stageHealth.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (StoreException e)
        {
            return ([], StageLevel.Amber, $"stage health could not be read: {e.Message}");
        }

        var byStage = records.ToDictionary(r => r.Stage, StringComparer.Ordinal);
        var health = PipelineStages.All.Select(stage => (Record: byStage.GetValueOrDefault(stage), Health: StageHealthRules.Evaluate(stage, byStage.GetValueOrDefault(stage), now, _sources.Mode))).ToList();
        var (level, reason) = StageHealthRules.Overall([.. health.Select(h => h.Health)]);
        var models = health.Select(h => new StageModel(
            h.Health.Stage, Level(h.Health.Level), h.Health.Reason, h.Record?.LastEventMs, h.Record?.ExchangeTimeMs, h.Health.Lag?.TotalSeconds,
            h.Health.Silence?.TotalSeconds, h.Record?.Events ?? 0, h.Record?.DeadLetters ?? 0, h.Record?.Rejected ?? 0, h.Record?.Corrections ?? 0,
            h.Record?.Note)).ToList();
        return (models, level, reason);
    }

    private static string Level(StageLevel level) => level.ToString().ToLowerInvariant();

    public async Task<IReadOnlyList<PositionModel>> PositionsAsync(CancellationToken cancellationToken)
    {
        var now = await DashboardClock.NowAsync(_sources, cancellationToken).ConfigureAwait(false);
        var snapshot = await _collector.SnapshotAsync(now, cancellationToken).ConfigureAwait(false);
        return [.. snapshot.Positions.Select(p => new PositionModel(
            p.Position.SignalId, p.Position.Symbol, WireNames.Of(p.Position.Side), WireNames.Of(p.Position.Kind), p.Position.EntryTimeMs,
            p.Position.EntryPrice, p.Position.StopLoss, p.Position.TakeProfit, p.Position.Quantity, p.LastClose, p.UnrealisedPnl, p.Held.TotalSeconds))];
    }

    /// <summary>Every signal with a position, newest entry first; only <paramref name="symbol"/>'s and <paramref name="kind"/>'s when given.</summary>
    public async Task<IReadOnlyList<SignalModel>> SignalsAsync(string? symbol, string? kind, CancellationToken cancellationToken)
    {
        var wantedSymbol = symbol is null ? null : KnownSymbol(symbol);
        SignalKind? wantedKind = kind is null ? null : kind.Trim().ToUpperInvariant() switch
        {
            "MICRO" => SignalKind.Micro,
            "SWING" => SignalKind.Swing,
            _ => throw new DashboardQueryException($"kind '{kind}' is not MICRO or SWING"),
        };
        var open = await _sources.Positions.ListOpenAsync(wantedSymbol, cancellationToken).ConfigureAwait(false);
        var closed = await _sources.Trades.ListClosedAsync(0, long.MaxValue, cancellationToken).ConfigureAwait(false);
        var signals = open
            .Where(p => wantedKind is null || p.Kind == wantedKind)
            .Select(p => new SignalModel(
                p.SignalId, p.Symbol, WireNames.Of(p.Side), WireNames.Of(p.Kind), p.EntryTimeMs, p.EntryPrice, "open", p.StopLoss, p.TakeProfit,
                null, null, null, null, null))
            .Concat(closed
                .Where(t => (wantedSymbol is null || t.Symbol == wantedSymbol) && (wantedKind is null || t.Kind == wantedKind))
                .Select(t => new SignalModel(
                    t.SignalId, t.Symbol, WireNames.Of(t.Side), WireNames.Of(t.Kind), t.EntryTimeMs, t.EntryPrice, "closed", null, null,
                    t.ExitTimeMs, t.ExitPrice, WireNames.Of(t.Reason), t.RMultiple, t.Pnl)));
        return [.. signals.OrderByDescending(s => s.EntryTime).ThenBy(s => s.SignalId, StringComparer.Ordinal)];
    }

    /// <summary>The current bias of every symbol that has one, valid or not at the dashboard's now.</summary>
    public async Task<Dictionary<string, BiasModel>> BiasesAsync(long nowMs, CancellationToken cancellationToken)
    {
        var list = await _sources.Biases.ListAsync(cancellationToken).ConfigureAwait(false);
        return list.ToDictionary(b => b.Symbol, b => Bias(b, nowMs), StringComparer.Ordinal);
    }

    public static BiasModel Bias(MacroBias b, long nowMs) =>
        new(WireNames.Of(b.Side), b.Confidence, b.PublishedAtMs, b.ExpiresAtMs, b.IsValidAt(nowMs), b.Note);

    /// <summary>The run's own spelling of <paramref name="symbol"/>, or a <see cref="DashboardQueryException"/> naming the run's symbols.</summary>
    public string KnownSymbol(string symbol)
    {
        var normal = symbol.Trim().ToUpperInvariant();
        return _sources.Symbols.FirstOrDefault(s => s == normal)
            ?? throw new DashboardQueryException($"symbol '{symbol}' is not one of this run's ({string.Join(", ", _sources.Symbols)})");
    }
}

/// <summary>A question the dashboard cannot answer as asked (an unknown symbol, range or kind): 400 with this message.</summary>
public sealed class DashboardQueryException(string message) : Exception(message);
