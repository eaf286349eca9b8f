using System.Net;
using System.Text.Json;
using Azure.Data.Tables;
using FuncSession.Testing;

namespace FuncSession.IntegrationTests.Sessions;

/// <summary>The session-values endpoints over real HTTP, against LocalHost and Azurite.</summary>
public sealed class SessionValuesApiTests : IAsyncLifetime
{
    private TestApi _api = null!;

    public async Task InitializeAsync() => _api = await TestApi.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task GetSessionWithoutCookieAnswersTheEmptyShapeAndCreatesNothing()
    {
        using var client = _api.CreateRawClient();

        using var response = await client.GetAsync("session");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        response.AssertNoStore();
        Assert.Empty(response.SetCookies());
        var body = await response.ReadJsonAsync();
        Assert.Equal(JsonValueKind.Object, body.GetProperty("values").ValueKind);
        Assert.Empty(body.GetProperty("values").EnumerateObject());
        Assert.False(body.GetProperty("permanent").GetBoolean());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("user").ValueKind);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("createdAt").ValueKind);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("expiresAt").ValueKind);
        Assert.Empty(_api.Table("Sessions").Query<TableEntity>());
    }

    [Fact]
    public async Task PutCreatesTheSessionAndSetsAnHttpOnlyBrowserSessionCookie()
    {
        using var client = _api.CreateRawClient();

        using var response = await client.PutAsync(ApiPaths.Value("cart"), HttpAssertions.Json("""{"items":[1,2,3]}"""));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        response.AssertNoStore();
        var cookie = Assert.Single(response.SetCookies());
        Assert.StartsWith("session=", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("max-age", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("expires", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("domain", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ValuesRoundTripThroughACookieJar()
    {
        using var client = _api.CreateClient();

        (await client.PutAsync(ApiPaths.Value("cart"), HttpAssertions.Json("""{"items":[1,2,3]}"""))).Dispose();
        (await client.PutAsync(ApiPaths.Value("theme"), HttpAssertions.Json("\"dark\""))).Dispose();
        using var one = await client.GetAsync(ApiPaths.Value("cart"));
        using var all = await client.GetAsync("session");

        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        one.AssertNoStore();
        Assert.Equal("application/json", one.Content.Headers.ContentType?.MediaType);
        Assert.Equal("""{"items":[1,2,3]}""", await one.Content.ReadAsStringAsync());
        var body = await all.ReadJsonAsync();
        Assert.Equal("dark", body.GetProperty("values").GetProperty("theme").GetString());
        Assert.Equal(3, body.GetProperty("values").GetProperty("cart").GetProperty("items").GetArrayLength());
        Assert.False(body.GetProperty("permanent").GetBoolean());
        var created = body.GetProperty("createdAt").GetDateTimeOffset();
        var expires = body.GetProperty("expiresAt").GetDateTimeOffset();
        Assert.InRange(expires - created, TimeSpan.FromMinutes(29), TimeSpan.FromMinutes(31));
    }

    [Theory]
    [InlineData("null")]
    [InlineData("0")]
    [InlineData("-1.5e300")]
    [InlineData("\"\"")]
    [InlineData("[]")]
    [InlineData("{\"nested\":{\"deep\":[true,false,null]}}")]
    [InlineData("\"h\u00e9llo \u2603 \ud83d\ude00\"")]
    public async Task AnyJsonValueIsStoredAndReturnedAsIs(string json)
    {
        using var client = _api.CreateClient();

        using var put = await client.PutAsync(ApiPaths.Value("v"), HttpAssertions.Json(json));
        using var get = await client.GetAsync(ApiPaths.Value("v"));

        Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.True(JsonElement.DeepEquals(JsonDocument.Parse(json).RootElement, await get.ReadJsonAsync()));
    }

    [Fact]
    public async Task KeysAreCaseSensitive()
    {
        using var client = _api.CreateClient();

        (await client.PutAsync(ApiPaths.Value("Key"), HttpAssertions.Json("1"))).Dispose();
        (await client.PutAsync(ApiPaths.Value("key"), HttpAssertions.Json("2"))).Dispose();

        Assert.Equal("1", await client.GetStringAsync(ApiPaths.Value("Key")));
        Assert.Equal("2", await client.GetStringAsync(ApiPaths.Value("key")));
    }

    [Fact]
    public async Task GetOfAMissingValueOrSessionIsANotFoundProblem()
    {
        using var client = _api.CreateClient();

        using var noSession = await client.GetAsync(ApiPaths.Value("cart"));
        (await client.PutAsync(ApiPaths.Value("other"), HttpAssertions.Json("1"))).Dispose();
        using var noValue = await client.GetAsync(ApiPaths.Value("cart"));

        await noSession.AssertProblemAsync(HttpStatusCode.NotFound, "no-session");
        noSession.AssertNoStore();
        await noValue.AssertProblemAsync(HttpStatusCode.NotFound, "value-not-found");
        noValue.AssertNoStore();
    }

    [Fact]
    public async Task DeleteValueRemovesItAndAnswersNoContentAlsoWhenAbsent()
    {
        using var client = _api.CreateClient();
        (await client.PutAsync(ApiPaths.Value("a"), HttpAssertions.Json("1"))).Dispose();
        (await client.PutAsync(ApiPaths.Value("b"), HttpAssertions.Json("2"))).Dispose();

        using var first = await client.DeleteAsync(ApiPaths.Value("a"));
        using var again = await client.DeleteAsync(ApiPaths.Value("a"));
        var body = await (await client.GetAsync("session")).ReadJsonAsync();

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        first.AssertNoStore();
        Assert.False(body.GetProperty("values").TryGetProperty("a", out _));
        Assert.Equal(2, body.GetProperty("values").GetProperty("b").GetInt32());
    }

    [Fact]
    public async Task DeleteValueWithoutASessionCreatesNone()
    {
        using var client = _api.CreateRawClient();

        using var response = await client.DeleteAsync(ApiPaths.Value("a"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(response.SetCookies());
        Assert.Empty(_api.Table("Sessions").Query<TableEntity>());
    }

    [Fact]
    public async Task PatchMergesValuesAndAnswersTheWholeSession()
    {
        using var client = _api.CreateClient();
        (await client.PutAsync(ApiPaths.Value("profile"), HttpAssertions.Json("""{"name":"Ada","city":"London","tags":["a"]}"""))).Dispose();
        (await client.PutAsync(ApiPaths.Value("gone"), HttpAssertions.Json("true"))).Dispose();

        using var response = await client.PatchAsync("session", HttpAssertions.Json(
            """{"values":{"profile":{"city":null,"lang":"en","tags":["b"]},"gone":null,"new":1}}""", "application/merge-patch+json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        response.AssertNoStore();
        var values = (await response.ReadJsonAsync()).GetProperty("values");
        Assert.True(JsonElement.DeepEquals(
            JsonDocument.Parse("""{"profile":{"name":"Ada","tags":["b"],"lang":"en"},"new":1}""").RootElement, values));
    }

    [Fact]
    public async Task PatchCreatesASessionWhenThereIsNone()
    {
        using var client = _api.CreateRawClient();

        using var response = await client.PatchAsync("session", HttpAssertions.Json("""{"values":{"a":1}}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(response.SessionCookie());
        Assert.Equal(1, (await response.ReadJsonAsync()).GetProperty("values").GetProperty("a").GetInt32());
    }

    [Fact]
    public async Task PermanentSessionsGetACookieWithThePermanentLifetimeAndBackAgain()
    {
        using var client = _api.CreateRawClient();
        using var created = await client.PutAsync(ApiPaths.Value("a"), HttpAssertions.Json("1"));
        var token = created.SessionCookie()!;

        using var permanent = await client.SendAsync(new HttpRequestMessage(HttpMethod.Patch, ApiPaths.Session)
        {
            Content = HttpAssertions.Json("""{"permanent":true}"""),
        }.WithCookie(token));
        using var read = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, ApiPaths.Session).WithCookie(token));
        using var back = await client.SendAsync(new HttpRequestMessage(HttpMethod.Patch, ApiPaths.Session)
        {
            Content = HttpAssertions.Json("""{"permanent":false}"""),
        }.WithCookie(token));

        var permanentBody = await permanent.ReadJsonAsync();
        Assert.True(permanentBody.GetProperty("permanent").GetBoolean());
        var lifetime = permanentBody.GetProperty("expiresAt").GetDateTimeOffset() - DateTimeOffset.UtcNow;
        Assert.InRange(lifetime, TimeSpan.FromDays(30.9), TimeSpan.FromDays(31.1));
        Assert.Equal(token, permanent.SessionCookie());
        Assert.Contains("max-age=2678400", Assert.Single(permanent.SetCookies()), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("max-age=2678400", Assert.Single(read.SetCookies()), StringComparison.OrdinalIgnoreCase);
        Assert.False((await back.ReadJsonAsync()).GetProperty("permanent").GetBoolean());
        Assert.DoesNotContain("max-age", Assert.Single(back.SetCookies()), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task DeleteSessionEndsItServerSideAndClearsTheCookie()
    {
        using var client = _api.CreateRawClient();
        using var created = await client.PutAsync(ApiPaths.Value("a"), HttpAssertions.Json("1"));
        var token = created.SessionCookie()!;

        using var deleted = await client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, ApiPaths.Session).WithCookie(token));
        using var replayed = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, ApiPaths.Value("a")).WithCookie(token));

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        deleted.AssertNoStore();
        Assert.True(deleted.ClearsSessionCookie());
        Assert.Empty(_api.Table("Sessions").Query<TableEntity>());
        await replayed.AssertProblemAsync(HttpStatusCode.NotFound, "no-session");
        Assert.True(replayed.ClearsSessionCookie());
    }

    [Fact]
    public async Task DeleteSessionWithoutASessionAnswersNoContent()
    {
        using var client = _api.CreateRawClient();

        using var response = await client.DeleteAsync("session");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(_api.Table("Sessions").Query<TableEntity>());
    }

    [Fact]
    public async Task ABearerTokenNamesTheSessionAndAnyCookieIsIgnored()
    {
        using var client = _api.CreateRawClient();
        using var first = await client.PutAsync(ApiPaths.Value("who"), HttpAssertions.Json("\"first\""));
        using var second = await client.PutAsync(ApiPaths.Value("who"), HttpAssertions.Json("\"second\""));

        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, ApiPaths.Value("who"))
            .WithBearer(first.SessionCookie()!)
            .WithCookie(second.SessionCookie()!));

        Assert.Equal("\"first\"", await response.Content.ReadAsStringAsync());
        Assert.Empty(response.SetCookies());
    }

    [Fact]
    public async Task AnInvalidBearerTokenGetsNoSessionAndNoCookie()
    {
        using var client = _api.CreateRawClient();

        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, ApiPaths.Value("a")).WithBearer("not-a-token"));

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "no-session");
        Assert.Empty(response.SetCookies());
    }

    [Fact]
    public async Task HealthIsHealthyWhenStorageAnswers()
    {
        using var client = _api.CreateRawClient();

        using var response = await client.GetAsync("health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("healthy", (await response.ReadJsonAsync()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task HealthIsUnavailableUntilTheSessionTableExists()
    {
        await using var api = await TestApi.StartAsync(settings: new Dictionary<string, string?>
        {
            ["FuncSession:CreateTablesOnStartup"] = "false",
        });
        using var client = api.CreateRawClient();

        using var before = await client.GetAsync("health");
        await api.Table("Sessions").CreateIfNotExistsAsync();
        using var after = await client.GetAsync("health");

        await before.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "storage-unavailable");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }
}
