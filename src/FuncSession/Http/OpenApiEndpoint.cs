using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace FuncSession.Http;

/// <summary>
/// <c>GET /api/openapi.json</c>: the OpenAPI 3.1 description of every route, a checked-in file
/// embedded in the library so both hosts serve the same bytes. It changes only with a release, so
/// clients may keep it and revalidate with its ETag (a hash of the bytes).
/// </summary>
public sealed class OpenApiEndpoint
{
    /// <summary>The name of the embedded description, for those who read it without a host.</summary>
    public const string ResourceName = "FuncSession.Http.openapi.json";

    private readonly byte[] _document;
    private readonly string _etag;

    internal OpenApiEndpoint()
    {
        _document = Read();
        _etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(_document).AsSpan(0, 16)) + "\"";
    }

    /// <summary>The description's bytes, UTF-8 JSON.</summary>
    public static byte[] Read()
    {
        using var stream = typeof(OpenApiEndpoint).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException("The OpenAPI description is not embedded in the library.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    public IActionResult Serve(HttpRequest request)
    {
        var current = request.Headers.IfNoneMatch.Count > 0
            && EntityTagHeaderValue.TryParseList(request.Headers.IfNoneMatch, out var tags)
            && tags.Any(tag => tag.Compare(EntityTagHeaderValue.Any, useStrongComparison: false) || tag.Tag.Equals(_etag, StringComparison.Ordinal));
        return new Document(current ? null : _document, _etag);
    }

    /// <summary>The description, or a 304 when the client's copy is current.</summary>
    private sealed class Document(byte[]? json, string etag) : IResult, IActionResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            TransportSecurity.Apply(httpContext);
            // Cached, but asked again each time: a new release answers with a new ETag at once.
            response.Headers.CacheControl = "no-cache";
            response.Headers.ETag = etag;
            if (json is null)
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "application/json; charset=utf-8";
            response.Headers.XContentTypeOptions = "nosniff";
            response.ContentLength = json.Length;
            await response.Body.WriteAsync(json, httpContext.RequestAborted);
        }

        public Task ExecuteResultAsync(ActionContext context) => ExecuteAsync(context.HttpContext);
    }
}
