using System.Text.RegularExpressions;
using CryptoSignalTracker.Core.Messages;
using CryptoSignalTracker.DevCloud;
using CryptoSignalTracker.Exchanges.Bybit.Pipeline;

namespace CryptoSignalTracker.Pipeline.Tests;

/// <summary>The local cloud's topology is what terraform/ provisions: read from the HCL, so a change there that the local cloud misses fails here.</summary>
public sealed partial class LocalCloudTopologyTests
{
    private static readonly string _root = RepositoryLayout.FindRoot(AppContext.BaseDirectory) ?? throw new InvalidOperationException("no repository root");

    private static string Terraform(string file) => File.ReadAllText(Path.Combine(_root, "terraform", file));

    [Fact]
    public void Functions_SameKeysAndProjectsAsServicesTf()
    {
        var deployed = FunctionBlock().Matches(Terraform("services.tf")).ToDictionary(m => m.Groups["key"].Value, m => m.Groups["project"].Value);

        Assert.Equal(8, deployed.Count);
        Assert.Equal(deployed.OrderBy(kv => kv.Key), CloudTopology.Functions.Select(f => KeyValuePair.Create(f.TerraformKey, f.Name)).OrderBy(kv => kv.Key));
        Assert.Equal("Ingestor", CloudTopology.Functions[^1].Name); // started last, once its consumers listen
    }

    [Fact]
    public void PushSubscriptions_SameTopicsReceiversAndOrderingAsPubsubTf()
    {
        var blocks = Terraform("pubsub.tf").Split("module \"", StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        var topics = new List<string>();
        var pushes = new List<(string Topic, string Key, bool Ordered)>();
        foreach (var block in blocks)
        {
            var topic = TopicName().Match(block).Groups[1].Value;
            topics.Add(topic);
            pushes.AddRange(PushEntry().Matches(block).Select(m => (topic, m.Groups["key"].Value, m.Groups["ordered"].Value == "true")));
        }

        Assert.Equal(topics.Order(StringComparer.Ordinal), CloudTopology.Topics.Order(StringComparer.Ordinal));
        var local = CloudTopology.Functions.Where(f => f.PushTopic is not null).Select(f => (f.PushTopic!, f.TerraformKey, CloudTopology.OrderedDelivery(f.PushTopic!)));
        Assert.Equal(pushes.Order(), local.Order());
        Assert.Equal(pushes.Select(p => p.Topic).Order(StringComparer.Ordinal), CloudTopology.TopicsWithDeadLetter.Order(StringComparer.Ordinal));
        Assert.All(CloudTopology.Functions.Where(f => f.PushTopic is not null), f => Assert.Equal($"{f.PushTopic}-to-{f.TerraformKey}", f.SubscriptionId));
        Assert.Contains("name    = \"${var.topic_name}-dead-letter\"", Terraform(Path.Combine("modules", "pubsub_topic", "main.tf")), StringComparison.Ordinal);
        Assert.Contains("name                       = \"${var.topic_name}-to-${each.key}\"", Terraform(Path.Combine("modules", "pubsub_topic", "main.tf")), StringComparison.Ordinal);
    }

    [Fact]
    public void DeadLetterEnvironment_SameAsServicesTf()
    {
        var deployed = DeadLetterEnv().Matches(Terraform("services.tf")).ToDictionary(m => m.Groups["key"].Value, m => m.Groups["topic"].Value);

        Assert.Equal(
            deployed.OrderBy(kv => kv.Key),
            CloudTopology.Functions.Where(f => f.DeadLetterTopic is not null).Select(f => KeyValuePair.Create(f.TerraformKey, f.DeadLetterTopic!)).OrderBy(kv => kv.Key));
        Assert.Equal(CloudTopology.DeadLetterEnvironmentKey, "Hosting__DeadLetterTopic");
    }

    [Fact]
    public void TradingConfig_SameReceiversAsServicesTf()
    {
        var line = TradingConfigEnv().Match(Terraform("services.tf"));

        Assert.True(line.Success, "services.tf no longer passes var.trading_config the way the local cloud mirrors");
        Assert.Equal(CloudTopology.TradingConfigEnvironmentKey, line.Groups["key"].Value);
        var receivers = QuotedSecret().Matches(line.Groups["list"].Value).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal);
        Assert.Equal(receivers, CloudTopology.Functions.Where(CloudTopology.ReceivesTradingConfig).Select(f => f.TerraformKey).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Secrets_SameEnvironmentNamesAsServicesTf()
    {
        var envNames = SecretEnv().Matches(Terraform("main.tf")).ToDictionary(m => m.Groups["secret"].Value, m => m.Groups["env"].Value);
        var perFunction = SecretLine().Matches(Terraform("services.tf")).ToDictionary(
            m => m.Groups["key"].Value,
            m => QuotedSecret().Matches(m.Groups["list"].Value).Select(q => envNames[q.Groups[1].Value]).Order(StringComparer.Ordinal).ToList());

        Assert.Equal(8, perFunction.Count);
        foreach (var function in CloudTopology.Functions)
        {
            Assert.Equal(perFunction[function.TerraformKey], CloudTopology.SecretsOf(function).Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void Defaults_SameAsVariablesTfAndTheCode()
    {
        var variables = Terraform("variables.tf");
        Assert.Contains($"optional(number, {DeliverySettings.DefaultMaxDeliveryAttempts})", variables, StringComparison.Ordinal);
        Assert.Contains($"minimum_backoff       = optional(string, \"{DeliverySettings.DefaultMinimumBackoff.TotalSeconds}s\")", variables, StringComparison.Ordinal);
        Assert.Contains($"maximum_backoff       = optional(string, \"{DeliverySettings.DefaultMaximumBackoff.TotalSeconds}s\")", variables, StringComparison.Ordinal);
        Assert.Contains($"default     = \"{CloudTopology.BigtableInstance}\"", variables, StringComparison.Ordinal);
        Assert.Contains($"default     = \"{CloudTopology.BigtableTable}\"", variables, StringComparison.Ordinal);
        Assert.Contains("default     = [" + string.Join(", ", new DevCloudOptions { RepositoryRoot = _root }.Symbols.Select(s => $"\"{s}\"")) + "]", variables, StringComparison.Ordinal);
        Assert.Contains("ack_deadline_seconds = max(60,", Terraform("pubsub.tf"), StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(60), DeliverySettings.DefaultAckDeadline);
        Assert.Equal(PipelineTopics.RawTicks, CloudTopology.RawTicksTopic);
        Assert.Equal(PipelineTopics.Candles, CloudTopology.CandlesTopic);
        Assert.Equal(TradeSignalMessageCodec.Topic, CloudTopology.SignalsTopic);
    }

    [GeneratedRegex(@"^\s{4}(?<key>[a-z_]+) = \{\s*\n\s*project\s*= ""(?<project>\w+)""", RegexOptions.Multiline)]
    private static partial Regex FunctionBlock();

    [GeneratedRegex(@"topic_name\s*= ""([^""]+)""")]
    private static partial Regex TopicName();

    [GeneratedRegex(@"(?<key>[a-z_]+) = merge\(local\.push_to\[""\k<key>""\], local\.delivery, \{ message_ordering = (?<ordered>true|false) \}\)")]
    private static partial Regex PushEntry();

    [GeneratedRegex(@"(?<key>[a-z_]+)\s*= \{ Hosting__DeadLetterTopic = ""(?<topic>[^""]+)"" \}")]
    private static partial Regex DeadLetterEnv();

    [GeneratedRegex(@"(?<secret>[a-z_]+)\s*= \{ secret_id = ""[^""]+"", env = ""(?<env>[A-Z_]+)"" \}")]
    private static partial Regex SecretEnv();

    [GeneratedRegex(@"^\s{4}(?<key>[a-z_]+)\s*= (?<list>(concat\(|\[).*)$", RegexOptions.Multiline)]
    private static partial Regex SecretLine();

    [GeneratedRegex(@"contains\((?<list>\[[^\]]*\]), each\.key\) && var\.trading_config != """" \? \{ (?<key>\w+) = var\.trading_config \}")]
    private static partial Regex TradingConfigEnv();

    [GeneratedRegex(@"""([a-z_]+)""")]
    private static partial Regex QuotedSecret();
}
