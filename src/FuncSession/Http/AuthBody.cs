using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace FuncSession.Http;

/// <summary>
/// The JSON body of register and login: <c>application/json</c>, a small object, its fields of
/// the right types. A body too large for any valid request is a 400 like any other bad field.
/// </summary>
internal sealed class AuthBody
{
    public const int Limit = 4 * 1024;

    private readonly JsonObject _body;

    private AuthBody(JsonObject body) => _body = body;

    public static async Task<(AuthBody? Body, ApiResult? Problem)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!JsonBody.HasMediaType(request, JsonBody.Json))
        {
            return (null, Problems.UnsupportedMediaType(JsonBody.Json));
        }
        var (node, problem) = await JsonBody.ReadAsync(request, Limit, cancellationToken);
        if (problem is { Status: StatusCodes.Status413PayloadTooLarge })
        {
            return (null, AuthProblems.BodyTooLarge(Limit));
        }
        if (problem is not null)
        {
            return (null, problem);
        }
        return node is JsonObject body
            ? (new AuthBody(body), null)
            : (null, Problems.InvalidBody("The body must be a JSON object such as {\"username\": \"alice\", \"password\": \"…\"}."));
    }

    /// <summary>A required string field; the problem when it is missing or not a string.</summary>
    public ApiResult? RequireString(string name, out string value)
    {
        value = "";
        if (_body[name] is JsonValue field && field.GetValueKind() == JsonValueKind.String)
        {
            value = field.GetValue<string>();
            return null;
        }
        return Problems.InvalidBody(_body.ContainsKey(name)
            ? $"\"{name}\" must be a string."
            : $"\"{name}\" is missing: send {{\"username\": \"…\", \"password\": \"…\"}}.");
    }

    /// <summary>An optional boolean field, false when absent; the problem when it is something else.</summary>
    public ApiResult? OptionalFlag(string name, out bool value)
    {
        value = false;
        if (!_body.TryGetPropertyValue(name, out var node))
        {
            return null;
        }
        if (node is JsonValue field && field.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
        {
            value = field.GetValue<bool>();
            return null;
        }
        return Problems.InvalidBody($"\"{name}\" must be true or false.");
    }
}
