using System.Diagnostics;
using System.Net;
using CryptoSignalTracker.DevCloud;

namespace CryptoSignalTracker.Pipeline.Tests;

/// <summary>
/// All seven functions' built output started the way Cloud Run starts them (<c>dotnet NAME.dll</c>, <c>PORT</c> set,
/// the Google backend on the emulators): each serves /healthz on exactly that port, and everything is stopped by its
/// own process id afterwards.
/// </summary>
[Collection(LocalCloudCollection.Name)]
public sealed class LocalCloudFunctionsTests
{
    [Fact]
    public async Task StartAsync_AllSevenFunctions_EachHealthyOnItsOwnPortThenAllStopped()
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
            Assert.Equal(7, cloud.Functions.Select(f => f.Port).Distinct().Count());
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            foreach (var function in cloud.Functions)
            {
                Assert.Equal(function.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), function.Environment["PORT"]);
                using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{function.Port}/healthz"));
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{function.Name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                Assert.Equal("ok", function.Health);
                pids.Add(function.ProcessId ?? throw new InvalidOperationException($"{function.Name} has no process"));
            }

            var rows = cloud.Describe();
            Assert.Equal(10, rows.Count);
            Assert.All(rows.Where(r => r.Kind == "function"), r => Assert.Equal("ok", r.Status));
            Assert.Contains(rows, r => r.Name == "LogicEngine" && r.Detail.Contains("candles-1m-to-logic_engine", StringComparison.Ordinal));
        }

        foreach (var pid in pids)
        {
            Assert.Throws<ArgumentException>(() => Process.GetProcessById(pid)); // gone
        }

        Directory.Delete(cloud.LogDirectory, recursive: true);
    }
}
