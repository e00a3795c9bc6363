using CryptoSignalTracker.Google.Connection;
using Grpc.Core;

namespace CryptoSignalTracker.DataPlane.Tests.PubSub;

/// <summary>Channel selection, routing header and the retry/deadline caller (no emulator needed).</summary>
public sealed class GoogleConnectionTests
{
    [Fact]
    public void AddressOf_EmulatorVariableSet_UsesPlaintextEmulator()
    {
        using var factory = new GoogleChannelFactory(new GoogleConnectionSettings { EnvironmentReader = n => n == "PUBSUB_EMULATOR_HOST" ? "127.0.0.1:8085" : null });

        Assert.True(factory.UsesEmulator(GoogleServiceEndpoint.PubSub));
        Assert.Equal(new Uri("http://127.0.0.1:8085"), factory.AddressOf(GoogleServiceEndpoint.PubSub));
        Assert.False(factory.UsesEmulator(GoogleServiceEndpoint.Bigtable));
        Assert.Equal(new Uri("https://bigtable.googleapis.com"), factory.AddressOf(GoogleServiceEndpoint.Bigtable));
    }

    [Fact]
    public void AddressOf_MalformedEmulatorVariable_ThrowsNamingVariable()
    {
        using var factory = new GoogleChannelFactory(new GoogleConnectionSettings { EnvironmentReader = _ => "no-port-here" });

        var error = Assert.Throws<InvalidOperationException>(() => factory.AddressOf(GoogleServiceEndpoint.Firestore));

        Assert.Contains("FIRESTORE_EMULATOR_HOST", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetChannel_SameService_ReturnsSharedChannel()
    {
        using var factory = new GoogleChannelFactory(new GoogleConnectionSettings { EnvironmentReader = _ => "127.0.0.1:1" });

        Assert.Same(factory.GetChannel(GoogleServiceEndpoint.PubSub), factory.GetChannel(GoogleServiceEndpoint.PubSub));
    }

    [Fact]
    public void RequestParams_EncodesValues()
    {
        Assert.Equal("subscription=projects%2Fp%2Fsubscriptions%2Fs", GoogleRequestParams.Format(("subscription", "projects/p/subscriptions/s")));
        Assert.Equal("a=x%20y&b=%28default%29", GoogleRequestParams.Format(("a", "x y"), ("b", "(default)")));
    }

    [Theory]
    [InlineData(StatusCode.Unavailable, CallIdempotency.Default, true)]
    [InlineData(StatusCode.DeadlineExceeded, CallIdempotency.Default, true)]
    [InlineData(StatusCode.ResourceExhausted, CallIdempotency.Default, true)]
    [InlineData(StatusCode.Aborted, CallIdempotency.Default, false)]
    [InlineData(StatusCode.Aborted, CallIdempotency.Idempotent, true)]
    [InlineData(StatusCode.InvalidArgument, CallIdempotency.Idempotent, false)]
    [InlineData(StatusCode.NotFound, CallIdempotency.Idempotent, false)]
    [InlineData(StatusCode.Internal, CallIdempotency.Idempotent, false)]
    public void IsRetryable_ByStatus_MatchesPolicy(StatusCode code, CallIdempotency idempotency, bool expected)
    {
        Assert.Equal(expected, GoogleRpcCaller.IsRetryable(code, idempotency));
    }

    [Fact]
    public async Task CallAsync_UnavailableThenSuccess_RetriesWithFreshDeadline()
    {
        var caller = new GoogleRpcCaller(new GoogleCallSettings { InitialBackoff = TimeSpan.FromMilliseconds(1), MaxBackoff = TimeSpan.FromMilliseconds(2) });
        var deadlines = new List<DateTime?>();

        var result = await caller.CallAsync(options =>
        {
            deadlines.Add(options.Deadline);
            return deadlines.Count < 3 ? throw new RpcException(new Status(StatusCode.Unavailable, "down")) : Task.FromResult(42);
        }, null, CallIdempotency.Default, CancellationToken.None);

        Assert.Equal(42, result);
        Assert.Equal(3, deadlines.Count);
        Assert.All(deadlines, d => Assert.NotNull(d));
    }

    [Fact]
    public async Task CallAsync_InvalidArgument_FailsAtOnceWithoutRetry()
    {
        var caller = new GoogleRpcCaller(new GoogleCallSettings { InitialBackoff = TimeSpan.FromMilliseconds(1) });
        var calls = 0;

        var error = await Assert.ThrowsAsync<RpcException>(() => caller.CallAsync<int>(_ =>
        {
            calls++;
            throw new RpcException(new Status(StatusCode.InvalidArgument, "bad"));
        }, null, CallIdempotency.Idempotent, CancellationToken.None));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task CallAsync_AlwaysUnavailable_StopsAfterMaxAttempts()
    {
        var caller = new GoogleRpcCaller(new GoogleCallSettings { MaxAttempts = 4, InitialBackoff = TimeSpan.FromMilliseconds(1), MaxBackoff = TimeSpan.FromMilliseconds(2) });
        var calls = 0;

        await Assert.ThrowsAsync<RpcException>(() => caller.CallAsync<int>(_ =>
        {
            calls++;
            throw new RpcException(new Status(StatusCode.Unavailable, "down"));
        }, null, CallIdempotency.Default, CancellationToken.None));

        Assert.Equal(4, calls);
    }

    [Fact]
    public void CreateCallOptions_DeadlineComesFromInjectedClock()
    {
        var clock = new FixedClock(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var caller = new GoogleRpcCaller(new GoogleCallSettings { AttemptTimeout = TimeSpan.FromSeconds(7) }, clock);

        var options = caller.CreateCallOptions(null, CancellationToken.None);

        Assert.Equal(new DateTime(2026, 1, 2, 3, 4, 12, DateTimeKind.Utc), options.Deadline);
    }

    [Theory]
    [InlineData(0, 100, 1000, 5, "AttemptTimeout")]
    [InlineData(1000, 0, 1000, 5, "InitialBackoff")]
    [InlineData(1000, 100, 50, 5, "MaxBackoff")]
    [InlineData(1000, 100, 1000, 0, "MaxAttempts")]
    public void CallSettings_Invalid_ThrowsNamingMember(int timeoutMs, int initialMs, int maxMs, int attempts, string member)
    {
        var settings = new GoogleCallSettings
        {
            AttemptTimeout = TimeSpan.FromMilliseconds(timeoutMs),
            InitialBackoff = TimeSpan.FromMilliseconds(initialMs),
            MaxBackoff = TimeSpan.FromMilliseconds(maxMs),
            MaxAttempts = attempts,
        };

        var error = Assert.Throws<ArgumentException>(settings.Validate);

        Assert.Equal(member, error.ParamName);
    }

    [Fact]
    public void ProjectId_OurVariableFirst_ThenGoogles()
    {
        var env = new Dictionary<string, string> { ["GOOGLE_CLOUD_PROJECT"] = "google-one", ["CST_GCP_PROJECT"] = "ours" };

        Assert.Equal("ours", GoogleProjectId.Resolve(env.GetValueOrDefault));
        env.Remove("CST_GCP_PROJECT");
        Assert.Equal("google-one", GoogleProjectId.Resolve(env.GetValueOrDefault));
    }

    [Fact]
    public void ProjectId_NoneSet_ThrowsNamingTheVariables()
    {
        var error = Assert.Throws<InvalidOperationException>(() => GoogleProjectId.Resolve(_ => null));

        Assert.Contains("CST_GCP_PROJECT, GOOGLE_CLOUD_PROJECT, GCLOUD_PROJECT", error.Message, StringComparison.Ordinal);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
