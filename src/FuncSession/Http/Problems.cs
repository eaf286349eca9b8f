using System.Text.Json;

namespace FuncSession.Http;

/// <summary>
/// The RFC 9457 problems the API answers with. Each <c>type</c> is stable: clients may branch on it.
/// Public only for what a host answers itself (a wrong verb); the endpoints' problems are internal.
/// </summary>
public static class Problems
{
    public const string TypePrefix = "urn:funcsession:problem:";

    internal static ApiResult InvalidKey(string key) => Create(400, "invalid-key", "Invalid session key",
        $"A session key is 1 to {SessionDefaults.MaxKeyLength} characters of A-Z a-z 0-9 . _ : - and is case-sensitive; '{Shorten(key)}' is not.");

    internal static ApiResult InvalidJson(string reason) => Create(400, "invalid-json", "The body is not valid JSON",
        $"Send the body as one UTF-8 JSON document. {reason}");

    internal static ApiResult InvalidBody(string detail) => Create(400, "invalid-body", "The body does not have the expected shape", detail);

    internal static ApiResult UnsupportedMediaType(string accepted) => Create(415, "unsupported-media-type", "Unsupported content type",
        $"Send the body with Content-Type: {accepted}.");

    internal static ApiResult BodyTooLarge(int limit) => Create(413, "body-too-large", "The body is too large",
        $"A request body may hold at most {limit} bytes.");

    internal static ApiResult SessionTooLarge(int limit) => Create(413, "session-too-large", "The session would be too large",
        $"A session holds at most {limit} bytes of JSON values; nothing was changed. Store less, or remove other values first.");

    internal static ApiResult NoSession() => Create(404, "no-session", "No session",
        "The request has no live session: no cookie or token, or one that is invalid, ended or expired.");

    internal static ApiResult ValueNotFound(string key) => Create(404, "value-not-found", "No such value",
        $"The session holds no value under the key '{key}'.");

    internal static ApiResult CrossSite() => Create(403, "cross-site-request", "Cross-site request refused",
        "Requests that change state with a session cookie must come from the API's own origin or a configured allowed origin. "
        + "Non-browser clients can use the Authorization: Bearer header instead.");

    /// <summary>
    /// Storage did not answer. <paramref name="mayHaveApplied"/>: a change was sent and its answer never
    /// came, so it may have been applied; every route is safe to repeat, so the client may simply retry.
    /// </summary>
    internal static ApiResult StorageUnavailable(bool mayHaveApplied) => Create(503, "storage-unavailable", "Session storage is unavailable",
        mayHaveApplied
            ? "Session storage did not answer in time, so this change may or may not have been applied. "
              + "Repeating the request is safe: retry after the time in Retry-After."
            : "Session storage did not answer in time; nothing was changed. Retry after the time in Retry-After.",
        ("Retry-After", "5"));

    internal static ApiResult Busy() => Create(503, "session-busy", "The session is busy",
        "Too many concurrent writes to this session; nothing was changed. Retry after the time in Retry-After.",
        ("Retry-After", "1"));

    /// <summary>Concurrent requests kept changing the account's own records (its login attempts, its session epoch); nothing was changed.</summary>
    internal static ApiResult AccountBusy() => Create(503, "account-busy", "The account is busy",
        "Too many requests are changing this account at once; nothing was changed. Retry after the time in Retry-After.",
        ("Retry-After", "1"));

    /// <summary>Too many requests of this kind from the client's address; nothing was done.</summary>
    internal static ApiResult RateLimited(TimeSpan retryAfter) => Create(429, "rate-limited", "Too many requests",
        "Too many requests of this kind came from your address; nothing was done. Retry after the time in Retry-After.",
        ("Retry-After", Seconds(retryAfter)));

    /// <summary>Every core of this instance is busy hashing passwords and the queue is full; nothing was done.</summary>
    internal static ApiResult PasswordsBusy() => Create(503, "passwords-busy", "Too many logins at once",
        "The service is checking too many passwords at once; nothing was done. Retry after the time in Retry-After.",
        ("Retry-After", "1"));

    /// <summary>The server could not read the request as HTTP (for example a malformed chunked body).</summary>
    internal static ApiResult UnreadableRequest(int status) => Create(status, "unreadable-request", "The request could not be read",
        "The request is not well-formed HTTP (for example a malformed chunked body); nothing was changed.");

    /// <summary>A wrong verb: the methods the route takes are in the Allow header.</summary>
    public static ApiResult MethodNotAllowed(string allow) => Create(405, "method-not-allowed", "Method not allowed",
        $"This route takes {allow}.", ("Allow", allow));

    /// <summary>An unexpected failure: no internals, the time of it is in the service's log.</summary>
    internal static ApiResult Unexpected() => Create(500, "internal-error", "Unexpected error",
        "The service failed unexpectedly and logged the failure. Repeating the request is safe.");

    /// <summary>The client went away before an answer; nothing was changed.</summary>
    internal static ApiResult ClientGone() => Create(499, "client-closed-request", "The client closed the request",
        "The request was abandoned by the client before anything was changed.");

    /// <summary>A problem with a stable type built from <paramref name="slug"/>.</summary>
    internal static ApiResult Create(int status, string slug, string title, string detail, (string Name, string Value)? header = null)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, Sessions.SessionJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("type", TypePrefix + slug);
            writer.WriteString("title", title);
            writer.WriteNumber("status", status);
            writer.WriteString("detail", detail);
            writer.WriteEndObject();
        }
        return ApiResult.Problem(status, buffer.WrittenMemory, header);
    }

    /// <summary>Whole seconds, rounded up, at least 1: a client retrying sooner would only be refused again.</summary>
    internal static string Seconds(TimeSpan delay) =>
        Math.Max(1, (long)Math.Ceiling(delay.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Shorten(string value)
    {
        var printable = new string([.. value.Take(40).Select(c => char.IsControl(c) || char.IsSurrogate(c) ? '?' : c)]);
        return value.Length > 40 ? printable + "…" : printable;
    }
}
