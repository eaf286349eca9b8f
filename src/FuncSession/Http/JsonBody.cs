using System.Buffers;
using FuncSession.Sessions;
using System.Text.Json;
using System.Text.Unicode;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace FuncSession.Http;

/// <summary>Reads a JSON request body: content type, size bound, strict UTF-8 JSON.</summary>
internal static class JsonBody
{
    public const string Json = "application/json";
    public const string MergePatch = "application/merge-patch+json";

    private static readonly JsonDocumentOptions ParseOptions = new()
    {
        MaxDepth = 64,
        AllowDuplicateProperties = false,
    };

    /// <summary>True when the request's media type is one of <paramref name="accepted"/>, ignoring parameters and case.</summary>
    public static bool HasMediaType(HttpRequest request, params string[] accepted)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var parsed) || parsed.MediaType.Value is not { } mediaType)
        {
            return false;
        }
        return accepted.Any(a => string.Equals(a, mediaType, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// Reads the body, at most <paramref name="limit"/> bytes, and parses it. Returns the parsed
    /// document as canonical UTF-8 JSON, or the problem to answer.
    /// </summary>
    public static async Task<(JsonNode? Node, ApiResult? Problem)> ReadAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return (null, Problems.BodyTooLarge(limit));
        }

        var buffer = new ArrayBufferWriter<byte>(request.ContentLength is > 0 and var length ? (int)length : 256);
        while (true)
        {
            var memory = buffer.GetMemory(4096);
            var read = await request.Body.ReadAsync(memory, cancellationToken);
            if (read == 0)
            {
                break;
            }
            buffer.Advance(read);
            if (buffer.WrittenCount > limit)
            {
                return (null, Problems.BodyTooLarge(limit));
            }
        }

        if (buffer.WrittenCount == 0)
        {
            return (null, Problems.InvalidJson("The body is empty."));
        }
        return Parse(buffer.WrittenMemory);
    }

    /// <summary>Parses JSON strictly: invalid UTF-8, duplicate names, lone surrogates and nesting deeper than 64 are refused.</summary>
    public static (JsonNode? Node, ApiResult? Problem) Parse(ReadOnlyMemory<byte> utf8)
    {
        if (!Utf8.IsValid(utf8.Span))
        {
            return (null, Problems.InvalidJson("It is not valid UTF-8."));
        }
        try
        {
            var node = JsonNode.Parse(utf8.Span, documentOptions: ParseOptions);
            // Writing it once proves it can be stored: strings with lone surrogates fail here, not later.
            _ = SessionJson.Serialize(node);
            return (node, null);
        }
        catch (JsonException ex)
        {
            return (null, Problems.InvalidJson(ex.Message));
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or FormatException)
        {
            return (null, Problems.InvalidJson("It holds text that is not valid Unicode."));
        }
    }
}
