namespace CryptoSignalTracker.DevCloud;

/// <summary>
/// One function of the pipeline as <c>terraform/services.tf</c> deploys it: its project under <c>functions/</c>, its
/// key in Terraform's <c>local.functions</c>, and the topic whose push subscription feeds it (none for HTTP
/// functions and the Ingestor).
/// </summary>
/// <param name="Name">The project and assembly name, e.g. <c>Aggregator</c> (<c>functions/Aggregator/Aggregator.csproj</c>).</param>
/// <param name="TerraformKey">The key in <c>local.functions</c>, e.g. <c>logic_engine</c>.</param>
/// <param name="PushTopic">The topic pushed to it (<c>pubsub.tf</c>), or null.</param>
public sealed record FunctionDefinition(string Name, string TerraformKey, string? PushTopic)
{
    /// <summary>The push subscription's id, as <c>modules/pubsub_topic</c> names it: <c>{topic}-to-{key}</c>; null without a push topic.</summary>
    public string? SubscriptionId => PushTopic is null ? null : $"{PushTopic}-to-{TerraformKey}";

    /// <summary>The dead-letter topic of its push topic (<c>{topic}-dead-letter</c>), which <c>Hosting__DeadLetterTopic</c> names; null without a push topic.</summary>
    public string? DeadLetterTopic => PushTopic is null ? null : CloudTopology.DeadLetterTopicOf(PushTopic);
}
