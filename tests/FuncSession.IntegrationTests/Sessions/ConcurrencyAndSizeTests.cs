using System.Net;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using FuncSession.IntegrationTests.Infrastructure;
using FuncSession.Testing;

namespace FuncSession.IntegrationTests.Sessions;

/// <summary>Concurrent writers and large sessions, against Azurite.</summary>
public sealed class ConcurrencyAndSizeTests : IAsyncLifetime
{
    private TestApi _api = null!;
    private CountingSessionStore _store = null!;

    // Large sessions without logging in: the anonymous limit is raised to the general one here.
    public async Task InitializeAsync() => (_api, _store) = await CountingSessionStore.StartApiAsync(
        new Dictionary<string, string?> { ["FuncSession:MaxAnonymousSessionBytes"] = "524288" });

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Theory]
    [InlineData(50)]
    [InlineData(64)]
    public async Task ConcurrentPutsOfDifferentKeysAllSurviveWrittenInGroupsWithoutConflicts(int writers)
    {
        using var client = _api.CreateRawClient();
        using var created = await client.PutAsync(ApiPaths.Value("seed"), HttpAssertions.Json("0"));
        var token = created.SessionCookie()!;
        _store.Reset();

        var puts = Enumerable.Range(0, writers).Select(async i =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Put, ApiPaths.Value($"k{i}")) { Content = HttpAssertions.Json(i.ToString(System.Globalization.CultureInfo.InvariantCulture)) }.WithCookie(token);
            using var response = await client.SendAsync(request);
            return response.StatusCode;
        });
        var statuses = await Task.WhenAll(puts);

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.NoContent, status));
        // Writes on one instance take turns, and those that queued up are written together: at most one
        // read and one replace per write (plus an index entry should the expiry cross a bucket boundary),
        // usually far fewer, and none conflicted.
        Assert.InRange(_store.Reads, 1, writers);
        Assert.InRange(_store.Writes, 1, writers + 1);
        Assert.Equal(_store.Reads, _store.Writes - (_store.Writes > _store.Reads ? 1 : 0));
        using var read = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, ApiPaths.Session).WithCookie(token));
        var values = (await read.ReadJsonAsync()).GetProperty("values");
        for (var i = 0; i < writers; i++)
        {
            Assert.Equal(i, values.GetProperty($"k{i}").GetInt32());
        }
    }

    [Fact]
    public async Task ASessionOfSeveralHundredKibRoundTrips()
    {
        using var client = _api.CreateClient();
        var random = new Random(42);
        var expected = new Dictionary<string, string>();
        for (var i = 0; i < 4; i++)
        {
            var text = new string([.. Enumerable.Range(0, 100_000).Select(_ => (char)random.Next('a', 'z' + 1))]);
            expected[$"chunk{i}"] = text;
            using var put = await client.PutAsync(ApiPaths.Value($"chunk{i}"), HttpAssertions.Json(JsonSerializer.Serialize(text)));
            Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        }

        using var read = await client.GetAsync("session");
        var values = (await read.ReadJsonAsync()).GetProperty("values");

        foreach (var (key, text) in expected)
        {
            Assert.Equal(text, values.GetProperty(key).GetString());
        }
        var entity = Assert.Single(_api.Table("Sessions").Query<TableEntity>());
        Assert.True(entity.GetInt32("Chunks") >= 7);
    }

    [Fact]
    public async Task ASessionBeyondTheMaximumIsRefusedAndLeftUnchanged()
    {
        using var client = _api.CreateClient();
        var big = JsonSerializer.Serialize(new string('x', 300_000));
        using (var first = await client.PutAsync(ApiPaths.Value("a"), HttpAssertions.Json(big)))
        {
            Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        }
        var before = await client.GetStringAsync("session");

        using var tooMuch = await client.PutAsync(ApiPaths.Value("b"), HttpAssertions.Json(big));
        using var tooMuchPatch = await client.PatchAsync("session", HttpAssertions.Json("{\"values\":{\"c\":" + big + "}}"));

        await tooMuch.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "session-too-large");
        await tooMuchPatch.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "session-too-large");
        var after = await client.GetStringAsync("session");
        Assert.Equal(
            JsonDocument.Parse(before).RootElement.GetProperty("values").GetRawText(),
            JsonDocument.Parse(after).RootElement.GetProperty("values").GetRawText());
    }

    [Fact]
    public async Task AFirstWriteBeyondTheMaximumCreatesNoSession()
    {
        using var client = _api.CreateRawClient();
        var big = JsonSerializer.Serialize(new string('x', 540_000));

        using var response = await client.PutAsync(ApiPaths.Value("a"), HttpAssertions.Json(big));

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "session-too-large");
        Assert.Empty(response.SetCookies());
        Assert.Empty(_api.Table("Sessions").Query<TableEntity>());
    }

    [Fact]
    public async Task AHugeBodyIsRefusedWithoutReadingItAll()
    {
        using var client = _api.CreateRawClient();
        var body = new ByteArrayContent(Encoding.UTF8.GetBytes("\"" + new string('x', 2_000_000) + "\""));
        body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        using var response = await client.PutAsync(ApiPaths.Value("a"), body);

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "body-too-large");
        Assert.Empty(_api.Table("Sessions").Query<TableEntity>());
    }
}
