using System.Text.RegularExpressions;

namespace CryptoSignalTracker.Google.PubSub;

/// <summary>Builds and checks Pub/Sub resource names ("projects/{p}/topics/{t}", "projects/{p}/subscriptions/{s}").</summary>
public static partial class PubSubNames
{
    /// <summary>Full topic name for a project and topic id.</summary>
    public static string Topic(string project, string topicId) => $"projects/{CheckProject(project)}/topics/{CheckId(topicId, "topic")}";

    /// <summary>Full subscription name for a project and subscription id.</summary>
    public static string Subscription(string project, string subscriptionId) =>
        $"projects/{CheckProject(project)}/subscriptions/{CheckId(subscriptionId, "subscription")}";

    /// <summary>The id (last path segment) of a full resource name.</summary>
    public static string IdOf(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var slash = name.LastIndexOf('/');
        return slash < 0 ? name : name[(slash + 1)..];
    }

    private static string CheckProject(string project)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(project);
        if (project.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"Project id '{project}' must not contain '/'.", nameof(project));
        }

        return project;
    }

    private static string CheckId(string id, string kind)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        // Pub/Sub rule: 3-255 chars, starts with a letter, then letters, digits, - _ . ~ + %; must not start with "goog".
        if (!IdPattern().IsMatch(id) || id.StartsWith("goog", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException(
                $"'{id}' is not a valid Pub/Sub {kind} id: use 3-255 characters, start with a letter, then letters, digits or - _ . ~ + %, "
                + "and do not start with 'goog'.",
                kind);
        }

        return id;
    }

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9\-_.~+%]{2,254}$")]
    private static partial Regex IdPattern();
}
