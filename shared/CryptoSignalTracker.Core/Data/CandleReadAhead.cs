using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using CryptoSignalTracker.Core.Domain;

namespace CryptoSignalTracker.Core.Data;

/// <summary>
/// Reads a stream of candle pieces ahead on its own thread, so that reading files (parsing a CSV, or copying and
/// checking a cache) runs on a second core while the backtest consumes the pieces already read. The pieces, their
/// order and any error are exactly the source's: an error is thrown where the source threw it, after the pieces
/// before it.
/// </summary>
public static class CandleReadAhead
{
    /// <summary>
    /// <paramref name="source"/> read up to <paramref name="depth"/> pieces ahead. As with the source, a piece is valid
    /// until the next one is asked for; disposing the enumerator stops the reading thread.
    /// </summary>
    public static IEnumerable<ReadOnlyMemory<Candle>> Of(IEnumerable<ReadOnlyMemory<Candle>> source, int depth = 2) =>
        Candles(Of(source, static _ => false, depth));

    /// <summary>
    /// As <see cref="Of(IEnumerable{ReadOnlyMemory{Candle}}, int)"/>, and <paramref name="annotate"/> runs on the reading
    /// thread on each piece once it is read, its result handed out with the piece (so per-piece work that depends on the
    /// candles alone runs ahead too).
    /// </summary>
    public static IEnumerable<CandlePiece<T>> Of<T>(IEnumerable<ReadOnlyMemory<Candle>> source, Func<ReadOnlyMemory<Candle>, T> annotate, int depth = 2)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(annotate);
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, 1);
        return new Sequence<T>(source, annotate, depth);
    }

    private static IEnumerable<ReadOnlyMemory<Candle>> Candles(IEnumerable<CandlePiece<bool>> pieces)
    {
        foreach (var piece in pieces)
        {
            yield return piece.Candles;
        }
    }

    private sealed class Sequence<T>(IEnumerable<ReadOnlyMemory<Candle>> source, Func<ReadOnlyMemory<Candle>, T> annotate, int depth) : IEnumerable<CandlePiece<T>>
    {
        public IEnumerator<CandlePiece<T>> GetEnumerator() => new Enumerator<T>(source, annotate, depth);

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>A piece read ahead with its annotation, the end (no buffer), or the source's error.</summary>
    private readonly record struct Item<T>(Candle[]? Buffer, int Length, T Annotation, Exception? Error);

    private sealed class Enumerator<T> : IEnumerator<CandlePiece<T>>
    {
        private readonly BlockingCollection<Item<T>> _ready = [];
        private readonly BlockingCollection<Candle[]> _free = [];
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _reader;
        private Candle[]? _held;
        private bool _finished;

        public Enumerator(IEnumerable<ReadOnlyMemory<Candle>> source, Func<ReadOnlyMemory<Candle>, T> annotate, int depth)
        {
            // depth pieces can wait while the consumer holds one more
            for (var i = 0; i <= depth; i++)
            {
                _free.Add([]);
            }

            _reader = Task.Factory.StartNew(() => Read(source, annotate), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }

        public CandlePiece<T> Current { get; private set; }

        object System.Collections.IEnumerator.Current => Current;

        public bool MoveNext()
        {
            if (_held is not null)
            {
                _free.Add(_held);
                _held = null;
            }

            if (_finished)
            {
                return false;
            }

            var item = _ready.Take();
            if (item.Error is not null)
            {
                _finished = true;
                ExceptionDispatchInfo.Throw(item.Error);
            }

            if (item.Buffer is null)
            {
                _finished = true;
                Current = default;
                return false;
            }

            _held = item.Buffer;
            Current = new CandlePiece<T>(item.Buffer.AsMemory(0, item.Length), item.Annotation);
            return true;
        }

        public void Reset() => throw new NotSupportedException();

        public void Dispose()
        {
            _stop.Cancel();
            try
            {
                _reader.Wait();
            }
            catch (AggregateException)
            {
                // the reader's own errors were handed to the consumer (or no longer matter after it stopped)
            }

            _stop.Dispose();
            _ready.Dispose();
            _free.Dispose();
        }

        private void Read(IEnumerable<ReadOnlyMemory<Candle>> source, Func<ReadOnlyMemory<Candle>, T> annotate)
        {
            try
            {
                foreach (var piece in source)
                {
                    var buffer = _free.Take(_stop.Token);
                    if (buffer.Length < piece.Length)
                    {
                        buffer = new Candle[piece.Length];
                    }

                    piece.Span.CopyTo(buffer);
                    var copy = buffer.AsMemory(0, piece.Length);
                    _ready.Add(new Item<T>(buffer, piece.Length, annotate(copy), null));
                }

                _ready.Add(default);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                // the consumer stopped early
            }
            catch (Exception ex)
            {
                _ready.Add(new Item<T>(null, 0, default!, ex));
            }
        }
    }
}

/// <summary>A piece of candles read ahead (<see cref="CandleReadAhead"/>) and what was worked out from it on the reading thread.</summary>
/// <param name="Candles">The candles, valid until the next piece is asked for.</param>
/// <param name="Annotation">The annotation's result for these candles.</param>
public readonly record struct CandlePiece<T>(ReadOnlyMemory<Candle> Candles, T Annotation);
