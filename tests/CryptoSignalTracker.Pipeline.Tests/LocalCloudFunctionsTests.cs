using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using CryptoSignalTracker.Core.Ports;
using CryptoSignalTracker.DevCloud;
using CryptoSignalTracker.Google.Connection;
using CryptoSignalTracker.Google.PubSub;

namespace CryptoSignalTracker.Pipeline.Tests;

/// <summary>
/// All eight functions' built output started the way Cloud Run starts them (<c>dotnet NAME.dll</c>, <c>PORT</c> set,
/// the Google backend on the emulators): each serves /health on exactly that port, and everything is stopped by its
/// own process id afterwards.
/// </summary>
[Collection(LocalCloudCollection.Name)]
public sealed class LocalCloudFunctionsTests
{
    [Fact]
    public async Task StartAsync_AllEightFunctions_EachHealthyOnItsOwnPortThenAllStopped()
    {
        var project = $"cst-fn-{Guid.NewGuid():N}"[..20];
        var secrets = new Dictionary<string, string>
        {
            ["TELEGRAM_BOT_TOKEN"] = "123456789:local-test-token",
            ["TELEGRAM_WEBHOOK_SECRET"] = "local-webhook-secret",
            ["TELEGRAM_OWNER_CHAT_IDS"] = "42",
        };
        var cloud = await LocalCloud.StartAsync(new DevCloudOptions
        {
            RepositoryRoot = RepositoryLayout.FindRoot(AppContext.BaseDirectory)!,
            Configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name,
            ProjectId = project,
            Emulators = EmulatorEndpoints.FromEnvironment(Environment.GetEnvironmentVariable),
            Symbols = SourceData.Symbols,
            BybitUrl = new Uri($"ws://127.0.0.1:{EmbeddedPipelineTests.FreePort()}/v5/public/linear"), // nobody there: healthy until data is stale
            KrakenUrl = new Uri($"http://127.0.0.1:{EmbeddedPipelineTests.FreePort()}"),
            LogDirectory = Path.Combine(Path.GetTempPath(), project),
            RequireHealthy = true,
            EnvironmentReader = name => secrets.TryGetValue(name, out var value) ? value : Environment.GetEnvironmentVariable(name),
        });
        var pids = new List<int>();
        await using (cloud)
        {
            Assert.Equal(CloudTopology.Functions.Select(f => f.Name), cloud.Functions.Select(f => f.Name));
            Assert.Equal(8, cloud.Functions.Select(f => f.Port).Distinct().Count());
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            foreach (var function in cloud.Functions)
            {
                Assert.Equal(function.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), function.Environment["PORT"]);
                using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{function.Port}/health"));
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{function.Name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                Assert.Equal("ok", function.Health);
                pids.Add(function.ProcessId ?? throw new InvalidOperationException($"{function.Name} has no process"));
            }

            // The Dashboard: the link cst dev up prints signs in (a session cookie), and the bot's links point at it.
            var dashboard = cloud.Function("dashboard");
            Assert.Equal($"http://127.0.0.1:{dashboard.Port}/", cloud.Function("TelegramWebhook").Environment["Telegram__Bot__DashboardUrl"]);
            var link = LocalDashboard.LinkFor(cloud, 42)!;
            Assert.StartsWith($"http://127.0.0.1:{dashboard.Port}/auth?link=42.", link.ToString(), StringComparison.Ordinal);
            using (var plain = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { Timeout = TimeSpan.FromSeconds(30) })
            {
                using var signIn = await plain.GetAsync(link);
                Assert.Equal(HttpStatusCode.Found, signIn.StatusCode);
                using var status = new HttpRequestMessage(HttpMethod.Get, new Uri(link, "/api/status"));
                status.Headers.Add("Cookie", signIn.Headers.GetValues("Set-Cookie").Single().Split(';')[0]);
                using var answer = await plain.SendAsync(status);
                Assert.True(answer.StatusCode == HttpStatusCode.OK, $"/api/status: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
                Assert.Equal(HttpStatusCode.Unauthorized, (await plain.GetAsync(new Uri(link, "/api/status"))).StatusCode);
            }

            var rows = cloud.Describe();
            Assert.Equal(11, rows.Count);
            Assert.All(rows.Where(r => r.Kind == "function"), r => Assert.Equal("ok", r.Status));
            Assert.Contains(rows, r => r.Name == "LogicEngine" && r.Detail.Contains("candles-1m-to-logic_engine", StringComparison.Ordinal));
        }

        foreach (var pid in pids)
        {
            Assert.Throws<ArgumentException>(() => Process.GetProcessById(pid)); // gone
        }

        Directory.Delete(cloud.LogDirectory, recursive: true);
    }

    [Fact]
    public async Task StartAsync_MalformedRawTickMessage_AggregatorDeadLettersItWithTheReasonIntoTheHoldSubscription()
    {
        var project = $"cst-dl-{Guid.NewGuid():N}"[..20];
        await using var cloud = await LocalCloud.StartAsync(new DevCloudOptions
        {
            RepositoryRoot = RepositoryLayout.FindRoot(AppContext.BaseDirectory)!,
            Configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name,
            Functions = ["Aggregator"],
            ProjectId = project,
            Emulators = EmulatorEndpoints.FromEnvironment(Environment.GetEnvironmentVariable),
            Symbols = SourceData.Symbols,
            LogDirectory = Path.Combine(Path.GetTempPath(), project),
            RequireHealthy = true,
        });
        var emulators = cloud.Emulators.ToEnvironment();
        using var channels = new GoogleChannelFactory(new GoogleConnectionSettings { EnvironmentReader = name => emulators.TryGetValue(name, out var host) ? host : null });
        await using var bus = new PubSubMessageBus(channels, new PubSubMessageBusOptions { ProjectId = project });
        var deadLetters = new ConcurrentQueue<ReceivedBusMessage>();
        await using (await bus.SubscribeAsync(CloudTopology.DeadLetterHoldSubscriptionOf(CloudTopology.RawTicksTopic), (m, _) =>
        {
            deadLetters.Enqueue(m);
            return Task.CompletedTask;
        }, CancellationToken.None))
        {
            await bus.PublishAsync(CloudTopology.RawTicksTopic, new BusMessage(Encoding.UTF8.GetBytes("{\"v\":1,\"kind\":\"nonsense\"}")), CancellationToken.None);
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (deadLetters.IsEmpty && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }

        var letter = Assert.Single(deadLetters);
        Assert.Equal("{\"v\":1,\"kind\":\"nonsense\"}", Encoding.UTF8.GetString(letter.Data.Span));
        Assert.StartsWith("UnprocessableMessageException: raw-tick message", letter.Attributes[DeadLetterAttributes.Reason], StringComparison.Ordinal);
        Assert.Contains("symbol", letter.Attributes[DeadLetterAttributes.Reason], StringComparison.Ordinal); // the missing field is named
        Assert.EndsWith("/subscriptions/raw-tick-data-bybit-to-aggregator", letter.Attributes[DeadLetterAttributes.Subscription], StringComparison.Ordinal);
        Assert.True(cloud.Function("Aggregator").IsRunning, "the Aggregator must keep serving after a bad message");

        // cst dev up's live table: health asked again every second, a killed function shown as stopped.
        await cloud.RefreshHealthAsync(CancellationToken.None);
        Assert.Equal("ok", Assert.Single(cloud.Describe(), r => r.Name == "Aggregator").Status);
        await cloud.Function("Aggregator").KillAsync();
        await cloud.RefreshHealthAsync(CancellationToken.None);
        Assert.Equal("stopped", Assert.Single(cloud.Describe(), r => r.Name == "Aggregator").Status);
        Directory.Delete(cloud.LogDirectory, recursive: true);
    }
}
