using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using FuncSession.Http;
using Json.Schema;

namespace FuncSession.Testing;

/// <summary>
/// The API's OpenAPI description as a checker of answers: which statuses a route may answer,
/// which headers it must carry, and the JSON Schema (2020-12) its body must meet. What it checks:
/// <list type="bullet">
/// <item>a request to a described path and method: the status is documented for it, its required
/// headers are there, the content type is one documented for that status (no body when none is),
/// a JSON body validates against the schema, formats included, and a problem's <c>status</c> is the
/// answer's and its <c>type</c> one the response lists in <c>x-problem-types</c>;</item>
/// <item>a described path with a method it does not describe: a 405 <c>MethodNotAllowed</c> answer
/// whose <c>Allow</c> lists exactly the described methods;</item>
/// <item>a 400, 414 or 431 with no body on a closed connection: the server's refusal of a request
/// it cannot take, before any route ran (<c>RefusedByServer</c>), for any path;</item>
/// <item>a path with one trailing slash: as the path without it, as routing takes it; a HEAD
/// answer: everything but the body it leaves out;</item>
/// <item>a path under the API that the description does not know (tests call such paths on
/// purpose): a 404 whose body, if any, is a <c>Problem</c>;</item>
/// <item>paths outside the API (LocalHost's admin route): nothing, the description does not cover them.</item>
/// </list>
/// </summary>
public sealed class OpenApiContract
{
    private const string ComponentsPrefix = "#/components/schemas/";
    private static readonly Lazy<OpenApiContract> Served = new(() => new OpenApiContract(OpenApiEndpoint.Read()));

    private readonly JsonObject _document;
    private readonly JsonObject _definitions;
    private readonly List<(string Template, string[] Segments, JsonObject Item)> _paths;
    private readonly ConcurrentDictionary<string, JsonSchema> _schemas = new();

    public OpenApiContract(ReadOnlySpan<byte> document)
    {
        _document = JsonNode.Parse(document)!.AsObject();
        // A parsed JsonObject fills itself on first read, which is not safe from several threads:
        // fill it all now, so the test classes running in parallel only ever read it.
        Materialize(_document);
        _definitions = Rewrite(_document["components"]!["schemas"]!.DeepClone()).AsObject();
        _paths = [.. _document["paths"]!.AsObject().Select(p => (p.Key, p.Key.Trim('/').Split('/'), p.Value!.AsObject()))];
    }

    /// <summary>The description the API serves (the one embedded in the library).</summary>
    public static OpenApiContract Default => Served.Value;

    /// <summary>
    /// What is wrong with an answer: nothing when the list is empty. <paramref name="apiRoot"/> is the
    /// address of the API's root (ending in <c>/api/</c>); <paramref name="body"/> the answer's bytes.
    /// </summary>
    public IReadOnlyList<string> Check(Uri apiRoot, string method, Uri requestUri, HttpResponseMessage response, byte[] body)
    {
        var problems = new List<string>();
        var requestPath = requestUri.AbsolutePath;
        if (!requestPath.StartsWith(apiRoot.AbsolutePath, StringComparison.Ordinal))
        {
            return problems;
        }
        var relative = requestPath[apiRoot.AbsolutePath.Length..];
        var status = (int)response.StatusCode;
        var what = $"{method} /{relative} answered {status}";

        if (status is 400 or 414 or 431 && body.Length == 0 && response.Headers.ConnectionClose == true)
        {
            // The server's own refusal of a request it cannot take: no route ran (RefusedByServer).
            CheckContent(what, method, "RefusedByServer", Resolve(_document["components"]!["responses"]!["RefusedByServer"]!), response, body, problems);
            return problems;
        }

        // Routing takes a path with one trailing slash as the path without it.
        if (Match(relative.EndsWith('/') ? relative[..^1] : relative) is not var (template, item))
        {
            if (status != 404)
            {
                problems.Add($"{what}: the description has no such path, so the answer must be 404.");
            }
            CheckOptionalProblem(what, response, body, problems);
            return problems;
        }

        var operation = item[method.ToLowerInvariant()] as JsonObject;
        JsonObject? answer;
        if (operation is null)
        {
            if (status != 405)
            {
                problems.Add($"{what}: {template} has no {method} in the description, so the answer must be 405.");
                return problems;
            }
            answer = Resolve(_document["components"]!["responses"]!["MethodNotAllowed"]!);
            var allowed = Methods(item).Order(StringComparer.Ordinal);
            var allow = Header(response, "Allow")?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal);
            if (allow is null || !allow.SequenceEqual(allowed))
            {
                problems.Add($"{what}: Allow is '{Header(response, "Allow")}', the description has {string.Join(", ", allowed)}.");
            }
        }
        else
        {
            var responses = operation["responses"]!.AsObject();
            var documented = responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)]
                ?? responses[$"{status / 100}XX"]
                ?? responses["default"];
            if (documented is null)
            {
                problems.Add($"{what}: {status} is not documented for {method} {template} (documented: {string.Join(", ", responses.Select(r => r.Key))}).");
                return problems;
            }
            answer = Resolve(documented);
        }

        CheckHeaders(what, answer, response, problems);
        CheckContent(what, method, $"{method} {template} {status}", answer, response, body, problems);
        return problems;
    }

    private (string Template, JsonObject Item)? Match(string relative)
    {
        var segments = relative.Split('/');
        foreach (var (template, pattern, item) in _paths)
        {
            if (pattern.Length == segments.Length
                && pattern.Zip(segments).All(p => p.First.StartsWith('{') ? p.Second.Length > 0 : p.First == p.Second))
            {
                return (template, item);
            }
        }
        return null;
    }

    private static IEnumerable<string> Methods(JsonObject item) =>
        item.Select(p => p.Key).Where(k => k is "get" or "put" or "post" or "delete" or "patch" or "head" or "options").Select(k => k.ToUpperInvariant());

    private void CheckHeaders(string what, JsonObject answer, HttpResponseMessage response, List<string> problems)
    {
        foreach (var (name, header) in answer["headers"]?.AsObject() ?? [])
        {
            if (Resolve(header!)["required"]?.GetValue<bool>() == true && Header(response, name) is null)
            {
                problems.Add($"{what}: the required header {name} is missing.");
            }
        }
    }

    private void CheckContent(string what, string method, string key, JsonObject answer, HttpResponseMessage response, byte[] body, List<string> problems)
    {
        var content = answer["content"]?.AsObject();
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (content is null)
        {
            if (body.Length > 0 || mediaType is not null)
            {
                problems.Add($"{what}: the description has no body here, the answer has {body.Length} bytes of {mediaType ?? "no type"}.");
            }
            return;
        }
        var documented = content.FirstOrDefault(c => string.Equals(c.Key, mediaType, StringComparison.OrdinalIgnoreCase));
        if (documented.Value is null)
        {
            problems.Add($"{what}: content type {mediaType ?? "(none)"} is not documented (documented: {string.Join(", ", content.Select(c => c.Key))}).");
            return;
        }
        // A HEAD answer has the headers of the body it leaves out.
        if (documented.Value["schema"] is { } schema && IsJson(mediaType!) && method != "HEAD"
            && Validate(what, key + " " + documented.Key, schema, body, problems) is JsonObject problem
            && mediaType == "application/problem+json")
        {
            CheckProblem(what, answer, problem, (int)response.StatusCode, problems);
        }
    }

    /// <summary>A problem's <c>status</c> is the answer's, and its <c>type</c> one the response lists in <c>x-problem-types</c>.</summary>
    private static void CheckProblem(string what, JsonObject answer, JsonObject problem, int status, List<string> problems)
    {
        if (problem["status"] is JsonValue value && value.TryGetValue<int>(out var stated) && stated != status)
        {
            problems.Add($"{what}: the problem says status {stated}.");
        }
        var type = problem["type"]?.GetValue<string>();
        if (answer["x-problem-types"] is JsonArray types && !types.Any(t => t?.GetValue<string>() == type))
        {
            problems.Add($"{what}: problem type {type} is not one this answer lists ({string.Join(", ", types)}).");
        }
    }

    /// <summary>An answer to an unknown path: no body, or a problem.</summary>
    private void CheckOptionalProblem(string what, HttpResponseMessage response, byte[] body, List<string> problems)
    {
        if (body.Length == 0)
        {
            return;
        }
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (mediaType != "application/problem+json")
        {
            problems.Add($"{what}: a body of {mediaType ?? "no type"}; an unknown path answers no body or a problem.");
            return;
        }
        if (Validate(what, "Problem", new JsonObject { ["$ref"] = ComponentsPrefix + "Problem" }, body, problems) is JsonObject problem)
        {
            CheckProblem(what, new JsonObject(), problem, (int)response.StatusCode, problems);
        }
    }

    /// <summary>Validates the body against the schema; answers the parsed body when it is valid.</summary>
    private JsonNode? Validate(string what, string key, JsonNode schemaNode, byte[] body, List<string> problems)
    {
        JsonNode? instance;
        try
        {
            instance = JsonNode.Parse(body);
        }
        catch (JsonException ex)
        {
            problems.Add($"{what}: the body is not JSON ({ex.Message}).");
            return null;
        }
        var schema = _schemas.GetOrAdd(key, _ => Compile(schemaNode));
        EvaluationResults results;
        // One evaluation of a schema at a time: its evaluation state is built lazily and shared.
        lock (schema)
        {
            results = schema.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        }
        if (!results.IsValid)
        {
            var errors = (results.Details ?? []).Where(d => d.HasErrors)
                .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value} ({d.EvaluationPath})"));
            problems.Add($"{what}: the body does not meet its schema: {string.Join("; ", errors)}. Body: {Shorten(body)}");
            return null;
        }
        return instance;
    }

    /// <summary>The schema with every component schema under <c>$defs</c>, so that its references resolve in one document.</summary>
    public JsonSchema Compile(JsonNode schemaNode)
    {
        var root = Rewrite(schemaNode.DeepClone());
        if (root is not JsonObject rootObject)
        {
            return JsonSchema.FromText(root.ToJsonString());
        }
        rootObject["$schema"] = "https://json-schema.org/draft/2020-12/schema";
        rootObject["$defs"] = _definitions.DeepClone();
        return JsonSchema.FromText(rootObject.ToJsonString());
    }

    private static void Materialize(JsonNode? node)
    {
        foreach (var child in node switch { JsonObject obj => obj.Select(p => p.Value), JsonArray array => array, _ => [] })
        {
            Materialize(child);
        }
    }

    private static JsonNode Rewrite(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["$ref"] is JsonValue reference && reference.GetValue<string>() is { } target && target.StartsWith(ComponentsPrefix, StringComparison.Ordinal))
                {
                    obj["$ref"] = "#/$defs/" + target[ComponentsPrefix.Length..];
                }
                foreach (var child in obj.Select(p => p.Value).OfType<JsonNode>().ToList())
                {
                    Rewrite(child);
                }
                break;
            case JsonArray array:
                foreach (var child in array.OfType<JsonNode>())
                {
                    Rewrite(child);
                }
                break;
        }
        return node;
    }

    /// <summary>Follows a <c>$ref</c> into the document's components (responses, headers).</summary>
    private JsonObject Resolve(JsonNode node)
    {
        while (node["$ref"] is JsonValue reference)
        {
            node = reference.GetValue<string>().TrimStart('#', '/').Split('/').Aggregate((JsonNode)_document, (n, part) => n[part]!);
        }
        return node.AsObject();
    }

    private static bool IsJson(string mediaType) =>
        mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : null;

    private static string Shorten(byte[] body)
    {
        var text = System.Text.Encoding.UTF8.GetString(body);
        return text.Length > 300 ? text[..300] + "…" : text;
    }
}
