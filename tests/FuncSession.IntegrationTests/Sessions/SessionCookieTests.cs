using System.Net;
using System.Security.Cryptography;
using Azure.Data.Tables;
using FuncSession.IntegrationTests.Infrastructure;
using FuncSession.Testing;

namespace FuncSession.IntegrationTests.Sessions;

/// <summary>What the API does with the cookies it is sent, and what it keeps in storage.</summary>
public sealed class SessionCookieTests : IAsyncLifetime
{
    private TestApi _api = null!;
    private CountingSessionStore _store = null!;

    public async Task InitializeAsync() => (_api, _store) = await CountingSessionStore.StartApiAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    public static TheoryData<string> BadCookies()
    {
        var genuine = "Hgp3f8B9CqJvI6S-ng1_uWKvovHQjDNvFe_sZc8CHTs.JZvTP5xfjg8EDJlISSb8EneVqhTbX4xO1K96gvBxwT0";
        return
        [
            "",
            "garbage",
            genuine,                              // well formed, signed under another key
            genuine[..^1],                        // truncated
            genuine + "A",                        // padded
            genuine + "=",
            genuine.Replace('.', '_'),
            new string('A', 4096),                // oversized
            "%00%01",
            genuine[..43] + "." + new string('A', 43),
        ];
    }

    [Theory]
    [MemberData(nameof(BadCookies))]
    public async Task ABadCookieIsNoSessionIsClearedAndCostsNoStorageCall(string cookie)
    {
        using var client = _api.CreateRawClient();
        _store.Reset();

        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, ApiPaths.Value("a")).WithCookie(cookie));

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "no-session");
        Assert.True(response.ClearsSessionCookie());
        Assert.Equal(0, _store.Total);
    }

    [Fact]
    public async Task ATamperedGenuineCookieIsRefused()
    {
        using var client = _api.CreateRawClient();
        using var created = await client.PutAsync(ApiPaths.Value("a"), HttpAssertions.Json("1"));
        var token = created.SessionCookie()!;
        _store.Reset();

        foreach (var position in new[] { 0, 10, 42, 44, 60, 86 })
        {
            var chars = token.ToCharArray();
            chars[position] = chars[position] == 'A' ? 'B' : 'A';
            using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, ApiPaths.Value("a")).WithCookie(new string(chars)));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.True(response.ClearsSessionCookie());
        }
        Assert.Equal(0, _store.Total);
    }

    [Fact]
    public async Task TheRawSessionIdNeverReachesStorage()
    {
        using var client = _api.CreateRawClient();
        using var created = await client.PutAsync(ApiPaths.Value("a"), HttpAssertions.Json("\"value\""));
        var token = created.SessionCookie()!;
        var id = token[..43];
        var idBytes = Convert.FromBase64String(id.Replace('-', '+').Replace('_', '/') + "=");

        var entities = _api.Table("Sessions").Query<TableEntity>().ToList();
        var index = _api.Table("SessionExpiry").Query<TableEntity>().ToList();

        var entity = Assert.Single(entities);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(idBytes)), entity.PartitionKey);
        foreach (var stored in entities.Concat(index))
        {
            var text = string.Join("|", stored.Select(p => p.Key + "=" + (p.Value is byte[] b ? Convert.ToBase64String(b) : p.Value)));
            Assert.DoesNotContain(id, text, StringComparison.Ordinal);
            Assert.DoesNotContain(token[44..], text, StringComparison.Ordinal);
            Assert.DoesNotContain(Convert.ToHexStringLower(idBytes), text, StringComparison.Ordinal);
        }
        Assert.Single(index, e => e.RowKey == entity.PartitionKey);
    }

    [Fact]
    public async Task AReadIsOneStorageOperation()
    {
        using var client = _api.CreateRawClient();
        using var created = await client.PutAsync(ApiPaths.Value("a"), HttpAssertions.Json("1"));
        var token = created.SessionCookie()!;
        _store.Reset();

        for (var i = 0; i < 5; i++)
        {
            using var value = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, ApiPaths.Value("a")).WithCookie(token));
            using var whole = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, ApiPaths.Session).WithCookie(token));
            Assert.Equal(HttpStatusCode.OK, value.StatusCode);
            Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        }

        Assert.Equal(10, _store.Reads);
        Assert.Equal(0, _store.Writes);
    }

    [Fact]
    public async Task ASessionIdIsANewRandom32ByteValueEachTime()
    {
        using var client = _api.CreateRawClient();
        var ids = new HashSet<string>();

        for (var i = 0; i < 20; i++)
        {
            using var created = await client.PutAsync(ApiPaths.Value("a"), HttpAssertions.Json("1"));
            var token = created.SessionCookie()!;
            Assert.Equal(87, token.Length);
            Assert.Equal(32, Convert.FromBase64String(token[..43].Replace('-', '+').Replace('_', '/') + "=").Length);
            ids.Add(token[..43]);
        }

        Assert.Equal(20, ids.Count);
    }
}
