namespace CryptoSignalTracker.Google.PubSub;

/// <summary>Caps messages and bytes outstanding at once; waiters resume as capacity is released.</summary>
internal sealed class FlowGate(long maxMessages, long maxBytes)
{
    private readonly Lock _gate = new();
    private long _messages;
    private long _bytes;
    private TaskCompletionSource? _released;

    /// <summary>Messages currently outstanding.</summary>
    public long Messages
    {
        get
        {
            lock (_gate)
            {
                return _messages;
            }
        }
    }

    /// <summary>Waits until one message of <paramref name="bytes"/> fits (a lone message always fits).</summary>
    public async ValueTask AcquireAsync(long bytes, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task wait;
            lock (_gate)
            {
                if (_messages == 0 || (_messages < maxMessages && _bytes + bytes <= maxBytes))
                {
                    _messages++;
                    _bytes += bytes;
                    return;
                }

                _released ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                wait = _released.Task;
            }

            await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Returns one message of <paramref name="bytes"/>.</summary>
    public void Release(long bytes)
    {
        TaskCompletionSource? released;
        lock (_gate)
        {
            _messages--;
            _bytes -= bytes;
            released = _released;
            _released = null;
        }

        released?.TrySetResult();
    }
}
