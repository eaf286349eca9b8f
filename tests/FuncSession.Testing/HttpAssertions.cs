using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace FuncSession.Testing;

/// <summary>Small helpers to build requests and check answers against the HTTP contract.</summary>
public static class HttpAssertions
{
    public static StringContent Json(string json, string mediaType = "application/json") =>
        new(json, Encoding.UTF8, mediaType);

    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Asserts an RFC 9457 problem with the given status and type suffix, and returns its body.</summary>
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string type)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.ReadJsonAsync();
        Assert.Equal("urn:funcsession:problem:" + type, body.GetProperty("type").GetString());
        Assert.Equal((int)status, body.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("detail").GetString()));
        return body;
    }

    public static void AssertNoStore(this HttpResponseMessage response) =>
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString() ?? "");

    public static IReadOnlyList<string> SetCookies(this HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? [.. values] : [];

    /// <summary>The value of the session cookie set by the answer, or null when it sets none.</summary>
    public static string? SessionCookie(this HttpResponseMessage response, string name = "session") =>
        response.SetCookies()
            .Where(c => c.StartsWith(name + "=", StringComparison.Ordinal))
            .Select(c => c[(name.Length + 1)..].Split(';')[0])
            .LastOrDefault();

    public static bool ClearsSessionCookie(this HttpResponseMessage response, string name = "session") =>
        response.SetCookies().Any(c => c.StartsWith(name + "=;", StringComparison.Ordinal)
            && c.Contains("max-age=0", StringComparison.OrdinalIgnoreCase));

    public static HttpRequestMessage WithCookie(this HttpRequestMessage request, string token, string name = "session")
    {
        request.Headers.Add("Cookie", $"{name}={token}");
        return request;
    }

    public static HttpRequestMessage WithBearer(this HttpRequestMessage request, string token)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }
}
