using System.Globalization;
using System.Text.Json;
using CryptoSignalTracker.Telegram.Tests.Infrastructure;

namespace CryptoSignalTracker.Telegram.Tests.Local;

/// <summary>
/// Telegram's side of long polling, as a <see cref="FakeBotApi.Responder"/>: pending updates are answered to
/// <c>getUpdates</c> from its <c>offset</c> on, and dropped once a call carries a higher offset (confirmation);
/// with nothing pending the call is held briefly (a short long poll). <c>deleteWebhook</c> answers true. Replies
/// queued with <see cref="FailNext"/> are sent instead, one per <c>getUpdates</c> or <c>deleteWebhook</c> call.
/// </summary>
public sealed class UpdateQueue
{
    /// <summary>How long an empty getUpdates is held (real time).</summary>
    public static readonly TimeSpan Hold = TimeSpan.FromMilliseconds(40);

    private readonly Lock _lock = new();
    private readonly List<(int Id, string Json)> _pending = [];
    private readonly Queue<(string Method, FakeReply Reply)> _failures = new();
    private readonly List<int?> _offsets = [];
    private readonly SemaphoreSlim _arrived = new(0);
    private int _nextId = 500;

    /// <summary>The <c>offset</c> of every getUpdates call, in order (null when absent).</summary>
    public IReadOnlyList<int?> Offsets
    {
        get
        {
            lock (_lock)
            {
                return [.. _offsets];
            }
        }
    }

    /// <summary>Queues a raw update; returns its id.</summary>
    public int Add(Func<int, string> json)
    {
        int id;
        lock (_lock)
        {
            id = ++_nextId;
            _pending.Add((id, json(id)));
        }

        _arrived.Release();
        return id;
    }

    /// <summary>Queues a command message from <paramref name="fromId"/> in its private chat; returns the update id.</summary>
    public int AddCommand(long fromId, string text) => Add(id => $$"""
        {"update_id":{{id}},"message":{"message_id":{{id}},"from":{"id":{{fromId}},"is_bot":false,"first_name":"A"},
        "chat":{"id":{{fromId}},"type":"private"},"date":1700000000,"text":{{JsonSerializer.Serialize(text)}},
        "entities":[{"type":"bot_command","offset":0,"length":{{text.Split(' ')[0].Length}} }] } }
        """);

    /// <summary>Answers the next call of <paramref name="method"/> with <paramref name="reply"/> instead.</summary>
    public void FailNext(string method, FakeReply reply)
    {
        lock (_lock)
        {
            _failures.Enqueue((method, reply));
        }
    }

    /// <summary>The responder to install on the fake.</summary>
    public FakeReply? Respond(RecordedRequest request)
    {
        var method = request.Method;
        if (!method.Equals("getUpdates", StringComparison.OrdinalIgnoreCase) && !method.Equals("deleteWebhook", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        lock (_lock)
        {
            if (_failures.TryPeek(out var f) && f.Method.Equals(method, StringComparison.OrdinalIgnoreCase))
            {
                _failures.Dequeue();
                if (method.Equals("getUpdates", StringComparison.OrdinalIgnoreCase))
                {
                    _offsets.Add(Offset(request));
                }

                return f.Reply;
            }
        }

        if (method.Equals("deleteWebhook", StringComparison.OrdinalIgnoreCase))
        {
            return new FakeReply(200, """{"ok":true,"result":true}""");
        }

        var offset = Offset(request);
        var batch = Take(offset);
        if (batch.Count == 0)
        {
            _arrived.Wait(Hold);
            batch = Take(offset);
        }

        lock (_lock)
        {
            _offsets.Add(offset);
        }

        return new FakeReply(200, $"{{\"ok\":true,\"result\":[{string.Join(',', batch)}]}}");
    }

    private static int? Offset(RecordedRequest request) =>
        request.Field("offset") is { } o ? int.Parse(o, CultureInfo.InvariantCulture) : null;

    private List<string> Take(int? offset)
    {
        lock (_lock)
        {
            if (offset is int from)
            {
                _pending.RemoveAll(p => p.Id < from);
            }

            return [.. _pending.Select(p => p.Json)];
        }
    }
}
