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
    public static IEnumerable<ReadOnlyMemory<Candle>> Of(IEnumerable<ReadOnlyMemory<Candle>> source, int depth = 2)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, 1);
        return new Sequence(source, depth);
    }

    private sealed class Sequence(IEnumerable<ReadOnlyMemory<Candle>> source, int depth) : IEnumerable<ReadOnlyMemory<Candle>>
    {
        public IEnumerator<ReadOnlyMemory<Candle>> GetEnumerator() => new Enumerator(source, depth);

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>A piece read ahead, the end (no buffer), or the source's error.</summary>
    private readonly record struct Item(Candle[]? Buffer, int Length, Exception? Error);

    private sealed class Enumerator : IEnumerator<ReadOnlyMemory<Candle>>
    {
        private readonly BlockingCollection<Item> _ready = [];
        private readonly BlockingCollection<Candle[]> _free = [];
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _reader;
        private Candle[]? _held;
        private bool _finished;

        public Enumerator(IEnumerable<ReadOnlyMemory<Candle>> source, int depth)
        {
            // depth pieces can wait while the consumer holds one more
            for (var i = 0; i <= depth; i++)
            {
                _free.Add([]);
            }

            _reader = Task.Factory.StartNew(() => Read(source), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }

        public ReadOnlyMemory<Candle> Current { get; private set; }

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
            Current = item.Buffer.AsMemory(0, item.Length);
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

        private void Read(IEnumerable<ReadOnlyMemory<Candle>> source)
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
                    _ready.Add(new Item(buffer, piece.Length, null));
                }

                _ready.Add(default);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                // the consumer stopped early
            }
            catch (Exception ex)
            {
                _ready.Add(new Item(null, 0, ex));
            }
        }
    }
}
