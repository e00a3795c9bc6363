using CryptoSignalTracker.Core.Domain;
using CryptoSignalTracker.Core.Ports;

namespace CryptoSignalTracker.DataPlane.Tests.Stores;

/// <summary>The behaviour every <see cref="IPositionBook"/> must show; one subclass per implementation.</summary>
public abstract class PositionBookContract : IAsyncLifetime
{
    private const int ParallelAttempts = 8;

    /// <summary>Book under test.</summary>
    protected IPositionBook Book { get; private set; } = null!;

    /// <inheritdoc />
    public virtual async Task InitializeAsync() => Book = await CreateBookAsync();

    /// <inheritdoc />
    public virtual Task DisposeAsync() => Task.CompletedTask;

    /// <summary>A book on the test's storage; each call is a separate instance (another process / a restart) on the same data.</summary>
    protected abstract Task<IPositionBook> CreateBookAsync();

    /// <summary>Makes the stored open position <paramref name="signalId"/> undecodable (entry price not a number).</summary>
    protected abstract Task CorruptOpenPositionAsync(string signalId);

    /// <summary>A MICRO LONG position on <paramref name="symbol"/> with id <paramref name="id"/>.</summary>
    protected static Position Micro(string id, string symbol = "SOLUSDT", long entryTimeMs = 1_748_622_600_000) =>
        new(id, symbol, Direction.Long, SignalKind.Micro, entryTimeMs, 156.23, 155.14, 158.57, 12.5, 13.6, 1.17);

    private static ClosedTrade Closed(Position p, double exitPrice = 158.57) =>
        new(p.SignalId, p.Symbol, p.Side, p.Kind, p.EntryTimeMs, p.EntryPrice, p.EntryTimeMs + 600_000, exitPrice, ExitReason.TakeProfit,
            p.Quantity, 2.35, 26.9, p.RiskAmount);

    [Fact]
    public async Task TryOpen_NewPosition_OpensAndReadsBackExactly()
    {
        var position = Micro("SOLUSDT-1748622540-v5.2-champion");

        var outcome = await Book.TryOpenAsync(position);

        Assert.Equal(PositionOpenOutcome.Opened, outcome);
        Assert.Equal(position, await Book.GetOpenAsync(position.SignalId));
        Assert.Equal([position], await Book.ListOpenAsync());
    }

    [Fact]
    public async Task TryOpen_SameSignalAgain_IsAlreadyOpenAndChangesNothing()
    {
        var position = Micro("p1");
        await Book.TryOpenAsync(position);

        var outcome = await Book.TryOpenAsync(position with { EntryPrice = 1 });

        Assert.Equal(PositionOpenOutcome.AlreadyOpen, outcome);
        Assert.Equal(position, await Book.GetOpenAsync("p1"));
    }

    [Fact]
    public async Task TryOpen_SecondMicroOnSameSymbol_ConflictsButOtherSymbolsAndSwingOpen()
    {
        await Book.TryOpenAsync(Micro("p1"));

        Assert.Equal(PositionOpenOutcome.Conflict, await Book.TryOpenAsync(Micro("p2") with { Side = Direction.Short }));
        Assert.Equal(PositionOpenOutcome.Opened, await Book.TryOpenAsync(Micro("p3", "ETHUSDT")));
        Assert.Equal(PositionOpenOutcome.Opened, await Book.TryOpenAsync(Micro("s1") with { Kind = SignalKind.Swing }));
        Assert.Equal(PositionOpenOutcome.Opened, await Book.TryOpenAsync(Micro("s2") with { Kind = SignalKind.Swing }));
        Assert.Equal(["p1", "s1", "s2"], (await Book.ListOpenAsync("SOLUSDT")).Select(p => p.SignalId));
        Assert.Null(await Book.GetOpenAsync("p2"));
    }

    [Fact]
    public async Task TryOpen_ParallelAttemptsFromSeparateInstances_ExactlyOneWins()
    {
        var books = new List<IPositionBook>();
        for (var i = 0; i < ParallelAttempts; i++)
        {
            books.Add(await CreateBookAsync());
        }

        var outcomes = await Task.WhenAll(books.Select((book, i) => Task.Run(() => book.TryOpenAsync(Micro($"attempt-{i}")))));

        Assert.Equal(1, outcomes.Count(o => o == PositionOpenOutcome.Opened));
        Assert.Equal(ParallelAttempts - 1, outcomes.Count(o => o == PositionOpenOutcome.Conflict));
        var open = Assert.Single(await Book.ListOpenAsync("SOLUSDT"));
        Assert.Equal($"attempt-{Array.IndexOf(outcomes, PositionOpenOutcome.Opened)}", open.SignalId);
    }

    [Fact]
    public async Task TryClose_ThenOpenAgain_NewPositionOpensAndClosedTradeIsKept()
    {
        var first = Micro("p1");
        await Book.TryOpenAsync(first);

        Assert.True(await Book.TryCloseAsync(Closed(first)));
        Assert.Null(await Book.GetOpenAsync("p1"));
        Assert.Equal(Closed(first), await Book.GetClosedAsync("p1"));
        Assert.Equal(PositionOpenOutcome.Opened, await Book.TryOpenAsync(Micro("p2", entryTimeMs: first.EntryTimeMs + 900_000)));
        Assert.Equal(PositionOpenOutcome.AlreadyClosed, await Book.TryOpenAsync(first));
        Assert.Equal(["p2"], (await Book.ListOpenAsync()).Select(p => p.SignalId));
    }

    [Fact]
    public async Task TryClose_NotOpenOrTwice_ReturnsFalse()
    {
        var position = Micro("p1");
        Assert.False(await Book.TryCloseAsync(Closed(position)));
        await Book.TryOpenAsync(position);

        Assert.True(await Book.TryCloseAsync(Closed(position)));
        Assert.False(await Book.TryCloseAsync(Closed(position, exitPrice: 1)));
        Assert.Equal(Closed(position), await Book.GetClosedAsync("p1"));
    }

    [Fact]
    public async Task TryClose_ParallelClosesOfOnePosition_ExactlyOneCloses()
    {
        var position = Micro("p1");
        await Book.TryOpenAsync(position);
        var books = new List<IPositionBook>();
        for (var i = 0; i < 4; i++)
        {
            books.Add(await CreateBookAsync());
        }

        var results = await Task.WhenAll(books.Select(b => Task.Run(() => b.TryCloseAsync(Closed(position)))));

        Assert.Equal(1, results.Count(r => r));
        Assert.Equal(PositionOpenOutcome.Opened, await Book.TryOpenAsync(Micro("p2")));
    }

    [Fact]
    public async Task ListOpen_AfterRestart_SeesOpenPositionsOrderedByEntryTime()
    {
        await Book.TryOpenAsync(Micro("late", "BTCUSDT", 1_748_622_900_000));
        await Book.TryOpenAsync(Micro("early", "ETHUSDT", 1_748_622_600_000));

        var restarted = await CreateBookAsync();

        Assert.Equal(["early", "late"], (await restarted.ListOpenAsync()).Select(p => p.SignalId));
        Assert.Equal(PositionOpenOutcome.Conflict, await restarted.TryOpenAsync(Micro("again", "BTCUSDT")));
    }

    [Fact]
    public async Task GetOpen_MalformedStoredPosition_ThrowsCorruptRecordNamingIt()
    {
        await Book.TryOpenAsync(Micro("p1"));
        await CorruptOpenPositionAsync("p1");

        var error = await Assert.ThrowsAsync<CorruptRecordException>(() => Book.GetOpenAsync("p1"));

        Assert.Contains("p1", error.RecordName);
        Assert.Contains("entry_price", error.Message);
    }

    [Fact]
    public async Task TryOpen_InvalidPosition_ThrowsNamingTheProblem()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Book.TryOpenAsync(Micro("has/slash")));
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Book.TryOpenAsync(Micro("p1") with { StopLoss = double.NaN }));
        Assert.Contains("p1", error.Message);
        Assert.Empty(await Book.ListOpenAsync());
    }
}
