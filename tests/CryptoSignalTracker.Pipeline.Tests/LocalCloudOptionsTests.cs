using CryptoSignalTracker.DevCloud;

namespace CryptoSignalTracker.Pipeline.Tests;

/// <summary>The local cloud's settings, what each function process is given, and the errors before anything starts.</summary>
public sealed class LocalCloudOptionsTests
{
    private static readonly string _root = RepositoryLayout.FindRoot(AppContext.BaseDirectory) ?? throw new InvalidOperationException("no repository root");

    private static readonly EmulatorEndpoints _emulators = new("127.0.0.1:1001", "127.0.0.1:1002", "127.0.0.1:1003");

    private static DevCloudOptions Options(Dictionary<string, string>? parent = null) => new()
    {
        RepositoryRoot = _root,
        ProjectId = "cst-unit",
        Symbols = ["BTCUSDT", "SOLUSDT"],
        BybitUrl = new Uri("ws://127.0.0.1:4567/v5/public/linear"),
        KrakenUrl = new Uri("http://127.0.0.1:4568"),
        TradingConfig = """{"macro":{"enabled":false}}""",
        EnvironmentReader = name => parent is not null && parent.TryGetValue(name, out var value) ? value : null,
        FunctionEnvironment = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.OrdinalIgnoreCase)
        {
            ["ingestor"] = new Dictionary<string, string> { ["Ingestor__BatchInterval"] = "00:00:00.100", ["SYMBOLS"] = "BTCUSDT" },
        },
    };

    [Fact]
    public void SelectedFunctions_ByProjectNameOrTerraformKeyInAnyOrder_StartOrderWithIngestorLast()
    {
        var options = Options() with { Functions = ["ingestor", "logic-engine", "AGGREGATOR"] };

        Assert.Equal(["Aggregator", "LogicEngine", "Ingestor"], options.Validate().SelectedFunctions().Select(f => f.Name));
        Assert.Equal(["Aggregator", "LogicEngine"], (options with { IncludeIngestor = false }).SelectedFunctions().Select(f => f.Name));
        Assert.Equal(8, Options().SelectedFunctions().Count);
    }

    [Theory]
    [InlineData("Aggregator,Ingestr", "unknown function 'Ingestr'")]
    [InlineData("Ingestor", "no function selected")]
    public void Validate_BadFunctionSelection_ThrowsNamingTheProblem(string functions, string expected)
    {
        var options = Options() with { Functions = functions.Split(','), IncludeIngestor = false };

        var ex = Assert.Throws<ArgumentException>(() => options.Validate());
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        if (expected.StartsWith("unknown", StringComparison.Ordinal))
        {
            Assert.Contains("LogicEngine", ex.Message, StringComparison.Ordinal); // lists the known ones
        }
    }

    [Fact]
    public void Validate_BadSettings_ThrowNamingThem()
    {
        Assert.Contains("BybitUrl", Assert.Throws<ArgumentException>(() => (Options() with { BybitUrl = new Uri("http://127.0.0.1/") }).Validate()).Message, StringComparison.Ordinal);
        Assert.Contains("KrakenUrl", Assert.Throws<ArgumentException>(() => (Options() with { KrakenUrl = new Uri("ws://127.0.0.1/") }).Validate()).Message, StringComparison.Ordinal);
        Assert.Contains("'Cst_Local'", Assert.Throws<ArgumentException>(() => (Options() with { ProjectId = "Cst_Local" }).Validate()).Message, StringComparison.Ordinal);
        Assert.Contains("btc/usdt", Assert.Throws<ArgumentException>(() => (Options() with { Symbols = ["btc/usdt"] }).Validate()).Message, StringComparison.Ordinal);
        Assert.Contains("'no-such-config.json'", Assert.Throws<ArgumentException>(() => (Options() with { TradingConfig = "no-such-config.json" }).Validate()).Message, StringComparison.Ordinal);
        Assert.Contains("Configuration", Assert.Throws<ArgumentException>(() => (Options() with { Configuration = "Profile" }).Validate()).Message, StringComparison.Ordinal);
        Assert.Contains("MaxDeliveryAttempts", Assert.Throws<ArgumentException>(() => (Options() with { Delivery = new DeliverySettings { MaxDeliveryAttempts = 3 } }).Validate()).Message, StringComparison.Ordinal);
        Assert.Contains("unknown function 'Ingester'", Assert.Throws<ArgumentException>(() => (Options() with
        {
            FunctionEnvironment = new Dictionary<string, IReadOnlyDictionary<string, string>> { ["Ingester"] = new Dictionary<string, string>() },
        }).Validate()).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ws://127.0.0.1:4567/v5/public/linear", "http://127.0.0.1:4567/")]
    [InlineData("wss://bybit.example:9443/v5/public/linear?x=1", "https://bybit.example:9443/")]
    public void EffectiveBybitRestUrl_FromTheWebsocketHost(string websocket, string rest)
    {
        Assert.Equal(new Uri(rest), (Options() with { BybitUrl = new Uri(websocket) }).EffectiveBybitRestUrl());
        Assert.Equal(new Uri("http://10.0.0.1:80/"), (Options() with { BybitUrl = new Uri(websocket), BybitRestUrl = new Uri("http://10.0.0.1:80/") }).EffectiveBybitRestUrl());
        Assert.Null((Options() with { BybitUrl = null }).EffectiveBybitRestUrl());
    }

    [Fact]
    public void EnvironmentOf_EachFunction_GetsTerraformsEnvironmentAndOnlyItsOwnSecrets()
    {
        var options = Options(new Dictionary<string, string>
        {
            ["TELEGRAM_BOT_TOKEN"] = "123:bot-token",
            ["TELEGRAM_WEBHOOK_SECRET"] = "hook-secret",
            ["TELEGRAM_OWNER_CHAT_IDS"] = "42",
            ["Logic__TradingConfig"] = "{}",
        });
        var env = CloudTopology.Functions.ToDictionary(f => f.Name, f => LocalCloud.EnvironmentOf(f, 5000, options, _emulators));

        foreach (var (name, e) in env)
        {
            Assert.Equal("5000", e["PORT"]);
            Assert.Equal("127.0.0.1", e[CryptoSignalTracker.Hosting.FunctionHost.AddressVariable]);
            Assert.Equal("google", e["CST_BACKEND"]);
            Assert.Equal("cst-unit", e["GOOGLE_CLOUD_PROJECT"]);
            Assert.Equal("cryptotracker-bigtable", e["BIGTABLE_INSTANCE"]);
            Assert.Equal("market-data-1m", e["BIGTABLE_TABLE"]);
            Assert.Equal("42", e["TELEGRAM_OWNER_CHAT_IDS"]);
            Assert.Equal("127.0.0.1:1001", e["PUBSUB_EMULATOR_HOST"]);
            Assert.Equal("127.0.0.1:1002", e["BIGTABLE_EMULATOR_HOST"]);
            Assert.Equal("127.0.0.1:1003", e["FIRESTORE_EMULATOR_HOST"]);
            Assert.True(e.ContainsKey("K_SERVICE") && e["K_SERVICE"] is null, $"{name}: K_SERVICE must be removed (it switches on Cloud Run's JSON logs)");
            Assert.Equal(name is "Notifier" or "TelegramWebhook" ? "123:bot-token" : null, e["TELEGRAM_BOT_TOKEN"]);
            Assert.Equal(name is "TelegramWebhook" ? "hook-secret" : null, e["TELEGRAM_WEBHOOK_SECRET"]);
            Assert.Equal(name is "Ingestor" ? "BTCUSDT" : "BTCUSDT,SOLUSDT", e["SYMBOLS"]); // extra environment wins
            Assert.Equal(name is "LogicEngine" or "MacroEngine" or "Dashboard" ? """{"macro":{"enabled":false}}""" : null, e["Logic__TradingConfig"]);
            Assert.Equal(name is "TelegramWebhook" or "Dashboard" ? options.LocalDashboardLinkKey : null, e["DASHBOARD_LINK_KEY"]);
        }

        Assert.Equal("raw-tick-data-bybit-dead-letter", env["Aggregator"]["Hosting__DeadLetterTopic"]);
        Assert.Equal("candles-1m-dead-letter", env["LogicEngine"]["Hosting__DeadLetterTopic"]);
        Assert.Equal("trade-signals-micro-dead-letter", env["Notifier"]["Hosting__DeadLetterTopic"]);
        Assert.False(env["Ingestor"].ContainsKey("Hosting__DeadLetterTopic"));
        Assert.Equal("ws://127.0.0.1:4567/v5/public/linear", env["Ingestor"]["Bybit__Url"]);
        Assert.Equal("http://127.0.0.1:4567", env["Ingestor"]["Bybit__RestUrl"]);
        Assert.Equal("00:00:00.100", env["Ingestor"]["Ingestor__BatchInterval"]);
        Assert.Equal("http://127.0.0.1:4568/", env["MacroEngine"]["MacroEngine__KrakenUrl"]);
        Assert.False(env["Aggregator"].ContainsKey("Bybit__Url"));
    }

    [Fact]
    public void EnvironmentOf_TheBotAndTheDashboard_ShareOneLinkKey_AndTheBotLinksToTheDashboard()
    {
        var options = Options();
        var dashboard = LocalDashboard.UrlOf(5007);

        var webhook = LocalCloud.EnvironmentOf(CloudTopology.Find("TelegramWebhook"), 5006, options, _emulators, dashboard);
        var service = LocalCloud.EnvironmentOf(CloudTopology.Find("dashboard"), 5007, options, _emulators, dashboard);

        Assert.Equal("http://127.0.0.1:5007/", webhook["Telegram__Bot__DashboardUrl"]);
        Assert.False(service.ContainsKey("Telegram__Bot__DashboardUrl") && service["Telegram__Bot__DashboardUrl"] is not null);
        Assert.Equal(webhook["DASHBOARD_LINK_KEY"], service["DASHBOARD_LINK_KEY"]);
        Assert.Equal(32, Convert.FromBase64String(service["DASHBOARD_LINK_KEY"]!).Length);
        Assert.NotEqual(options.LocalDashboardLinkKey, Options().LocalDashboardLinkKey); // a fresh key per local cloud

        // The caller's own key (as Secret Manager holds it in the cloud) wins.
        var own = Convert.ToBase64String(new byte[32].Select((_, i) => (byte)i).ToArray());
        var withOwn = Options(new Dictionary<string, string> { ["DASHBOARD_LINK_KEY"] = own });
        Assert.Equal(own, LocalCloud.EnvironmentOf(CloudTopology.Find("Dashboard"), 5007, withOwn, _emulators, dashboard)["DASHBOARD_LINK_KEY"]);
        Assert.Equal(own, LocalCloud.EnvironmentOf(CloudTopology.Find("TelegramWebhook"), 5006, withOwn, _emulators, dashboard)["DASHBOARD_LINK_KEY"]);
    }

    [Fact]
    public void EnvironmentOf_TradingConfigFile_PassedAsAnAbsolutePath()
    {
        var file = Path.GetTempFileName();
        try
        {
            var options = Options() with { TradingConfig = Path.GetRelativePath(Directory.GetCurrentDirectory(), file) };

            Assert.Equal(file, LocalCloud.EnvironmentOf(CloudTopology.Find("LogicEngine"), 5000, options.Validate(), _emulators)["Logic__TradingConfig"]);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void PushEndpointOf_PushedFunction_TopicPathOnItsPort()
    {
        Assert.Equal(new Uri("http://127.0.0.1:5001/projects/cst-unit/topics/candles-1m"), LocalCloud.PushEndpointOf(CloudTopology.Find("LogicEngine"), 5001, "cst-unit"));
        Assert.Contains("ChartRenderer", Assert.Throws<ArgumentException>(() => LocalCloud.PushEndpointOf(CloudTopology.Find("ChartRenderer"), 5001, "cst-unit")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_ProjectOrBuildMissing_ListsEveryProblemBeforeStartingAnything()
    {
        var root = Directory.CreateTempSubdirectory("cst-devcloud-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(root, RepositoryLayout.SolutionFile), string.Empty);
            Directory.CreateDirectory(Path.Combine(root, "functions", "Aggregator"));
            await File.WriteAllTextAsync(RepositoryLayout.FunctionProject(root, "Aggregator"), "<Project />");
            var options = new DevCloudOptions
            {
                RepositoryRoot = root,
                Functions = ["Aggregator", "LogicEngine"],
                GcloudSdkRoot = Path.Combine(root, "no-sdk"), // starting an emulator would fail differently
            };

            var ex = await Assert.ThrowsAsync<LocalCloudException>(() => LocalCloud.StartAsync(options));

            Assert.Contains("Aggregator: functions/Aggregator/bin/Release/net10.0/Aggregator.dll is missing; build it first: dotnet build functions/Aggregator/Aggregator.csproj -c Release", ex.Message, StringComparison.Ordinal);
            Assert.Contains("LogicEngine: functions/LogicEngine/LogicEngine.csproj does not exist", ex.Message, StringComparison.Ordinal);
            Assert.False(Directory.Exists(Path.Combine(root, ".devcloud")), "nothing may start before the functions are all there");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
