using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace FuncSession.Http;

/// <summary>
/// A finished answer: status, optional body and content type, optional extra headers. It writes
/// itself to the response, as an ASP.NET Core <see cref="IResult"/> (LocalHost) and as an
/// <see cref="IActionResult"/> (the Functions ASP.NET Core integration).
/// </summary>
public sealed class ApiResult : IResult, IActionResult
{
    private ApiResult(int status, string? contentType, ReadOnlyMemory<byte> body, (string Name, string Value)? header)
    {
        Status = status;
        ContentType = contentType;
        Body = body;
        Header = header;
    }

    public int Status { get; }

    public string? ContentType { get; }

    public ReadOnlyMemory<byte> Body { get; }

    private (string Name, string Value)? Header { get; }

    public static ApiResult NoContent() => new(StatusCodes.Status204NoContent, null, default, null);

    public static ApiResult Json(int status, ReadOnlyMemory<byte> utf8Json, (string Name, string Value)? header = null) =>
        new(status, "application/json; charset=utf-8", utf8Json, header);

    public static ApiResult Problem(int status, ReadOnlyMemory<byte> utf8Json, (string Name, string Value)? header = null) =>
        new(status, "application/problem+json; charset=utf-8", utf8Json, header);

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = Status;
        TransportSecurity.Apply(httpContext);
        if (Header is var (name, value))
        {
            response.Headers[name] = value;
        }
        if (ContentType is null)
        {
            return;
        }
        response.ContentType = ContentType;
        response.Headers["X-Content-Type-Options"] = "nosniff";
        response.ContentLength = Body.Length;
        await response.Body.WriteAsync(Body, httpContext.RequestAborted);
    }

    public Task ExecuteResultAsync(ActionContext context) => ExecuteAsync(context.HttpContext);
}
