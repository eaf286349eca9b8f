using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace FuncSession.Infra.Tests;

/// <summary>
/// A compiled ARM template, with the templates of its modules (nested deployments) reachable from it.
/// Handles both shapes of <c>resources</c>: an array (languageVersion 1.0) and an object keyed by
/// symbolic name (languageVersion 2.0, which user-defined types switch on).
/// </summary>
internal sealed partial class ArmTemplate
{
    private readonly JsonObject root;

    private ArmTemplate(JsonObject root)
    {
        this.root = root;
        Resources = EnumerateResources(root).Select(body => new ArmResource(body, this)).ToList();
    }

    public IReadOnlyList<ArmResource> Resources { get; }

    public JsonObject Parameters => root["parameters"] as JsonObject ?? [];

    public JsonObject Variables => root["variables"] as JsonObject ?? [];

    public JsonObject Outputs => root["outputs"] as JsonObject ?? [];

    /// <summary>The resources of this template and of every module under it.</summary>
    public IEnumerable<ArmResource> AllResources =>
        Resources.Concat(Resources.SelectMany(resource => resource.NestedTemplate?.AllResources ?? []));

    public static ArmTemplate Parse(string json) =>
        new(JsonNode.Parse(json) as JsonObject ?? throw new FormatException("The compiled template is not a JSON object."));

    public IReadOnlyList<ArmResource> OfType(string type) =>
        AllResources.Where(resource => string.Equals(resource.Type, type, StringComparison.OrdinalIgnoreCase)).ToList();

    public ArmResource Single(string type)
    {
        var matches = OfType(type);
        Assert.True(matches.Count == 1, $"Expected exactly one {type} in the template, found {matches.Count}.");
        return matches[0];
    }

    /// <summary>
    /// The values of the variables an expression names, such as <c>variables('roles').storageBlobDataOwner</c>
    /// in <c>[subscriptionResourceId('…', variables('roles').storageBlobDataOwner)]</c>.
    /// </summary>
    public IEnumerable<JsonNode?> ReferencedVariables(string expression)
    {
        foreach (Match match in VariableReference().Matches(expression))
        {
            JsonNode? value = Variables[match.Groups["name"].Value];
            foreach (Capture property in match.Groups["property"].Captures)
            {
                value = value?[property.Value];
            }

            yield return value;
        }
    }

    /// <summary>A string node's text (an ARM expression or a literal); any other node as JSON.</summary>
    public static string Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue(out string? text) ? text : node?.ToJsonString() ?? "";

    private static IEnumerable<JsonObject> EnumerateResources(JsonObject template) =>
        template["resources"] switch
        {
            JsonArray list => list.OfType<JsonObject>(),
            JsonObject bySymbolicName => bySymbolicName.Select(entry => entry.Value).OfType<JsonObject>(),
            _ => [],
        };

    [GeneratedRegex(@"variables\('(?<name>[^']+)'\)(?:\.(?<property>\w+))*")]
    private static partial Regex VariableReference();
}

/// <summary>One resource declaration of a compiled template.</summary>
internal sealed class ArmResource(JsonObject body, ArmTemplate template)
{
    public string Type => (string?)body["type"] ?? "";

    public JsonObject Body => body;

    /// <summary>The template that declares this resource, for resolving its variables and parameters.</summary>
    public ArmTemplate Template => template;

    /// <summary>The module's template when this resource is a nested deployment.</summary>
    public ArmTemplate? NestedTemplate { get; } =
        body["properties"]?["template"] is JsonObject nested ? ArmTemplate.Parse(nested.ToJsonString()) : null;

    /// <summary>The node at a dotted path such as <c>properties.siteConfig.ftpsState</c>, or null.</summary>
    public JsonNode? At(string path) =>
        path.Split('.').Aggregate((JsonNode?)body, (node, segment) => node?[segment]);

    public string? StringAt(string path) => At(path) is JsonValue value && value.TryGetValue(out string? text) ? text : null;

    public bool? BoolAt(string path) => At(path) is JsonValue value && value.TryGetValue(out bool flag) ? flag : null;
}
