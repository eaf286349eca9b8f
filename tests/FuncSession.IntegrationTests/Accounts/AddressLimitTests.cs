using System.Net;
using System.Text;
using FuncSession.Testing;
using FuncSession.Storage;
using Microsoft.Extensions.Time.Testing;

namespace FuncSession.IntegrationTests.Accounts;

/// <summary>
/// Logins and registrations per client address, counted in Table Storage and so held across two
/// API instances on one set of tables; the address is the right-most X-Forwarded-For entry.
/// </summary>
public sealed class AddressLimitTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private TestApi _first = null!;
    private TestApi _second = null!;

    public async Task InitializeAsync()
    {
        var settings = AuthApi.FastHashing(
            ("FuncSession:ClientAddressHeader", "X-Forwarded-For"),
            ("FuncSession:LoginsPerAddress", "4"),
            ("FuncSession:RegistrationsPerAddress", "2"),
            ("FuncSession:RefusalPause", "00:00:00.5"));
        _first = await TestApi.StartAsync(settings: settings, time: _time);
        settings["FuncSession:TablePrefix"] = _first.TablePrefix;
        settings["FuncSession:CreateTablesOnStartup"] = "false";
        _second = await TestApi.StartAsync(settings: settings, time: _time);
    }

    public async Task DisposeAsync()
    {
        await _second.DisposeAsync();
        await _first.DisposeAsync();
    }

    [Fact]
    public async Task LoginsFromOneAddressAreLimitedAcrossBothInstancesWhateverTheClientPutsLeftOfIt()
    {
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 6; i++)
        {
            // The client forges a different address each time; the front end's right-most entry stays the same.
            using var client = Client(i % 2 == 0 ? _first : _second, $"10.0.0.{i}, 198.51.100.7");
            last?.Dispose();
            last = await client.LoginAsync($"nobody{i}", "wrong password");
            statuses.Add(last.StatusCode);
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, 4), HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        using var refused = last!;
        await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate-limited");
        Assert.InRange(refused.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        refused.AssertNoStore();
        Assert.Null(refused.SessionCookie());

        using var other = Client(_second, "198.51.100.8");
        using var otherAnswer = await other.LoginAsync("nobody", "wrong password");
        Assert.Equal(HttpStatusCode.Unauthorized, otherAnswer.StatusCode);

        Assert.Contains(_first.Entities(SessionTables.LoginThrottleName, "198.51.100.7"), e => e.RowKey == TableRateCounterStore.RowKeyPrefix + "login");
    }

    [Fact]
    public async Task TheNextWindowAdmitsTheAddressAgain()
    {
        using var client = Client(_first, "198.51.100.9");
        for (var i = 0; i < 4; i++)
        {
            (await client.LoginAsync($"someone{i}", "wrong password")).Dispose();
        }
        using var refused = await client.LoginAsync("someone", "wrong password");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);

        _time.Advance(TimeSpan.FromMinutes(1));

        using var admitted = await Client(_second, "198.51.100.9").LoginAsync("someone", "wrong password");
        Assert.Equal(HttpStatusCode.Unauthorized, admitted.StatusCode);
    }

    [Fact]
    public async Task ParallelLoginsOnTwoInstancesCannotOutrunTheStoredLimit()
    {
        var clients = new[] { Client(_first, "198.51.100.30"), Client(_second, "198.51.100.30") };
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => clients[i % 2].LoginAsync($"racer{i}", "wrong password")));

        Assert.Equal(4, answers.Count(a => a.StatusCode == HttpStatusCode.Unauthorized));
        Assert.Equal(16, answers.Count(a => a.StatusCode == HttpStatusCode.TooManyRequests));
        foreach (var answer in answers)
        {
            answer.Dispose();
        }
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }

    [Fact]
    public async Task RegistrationsFromOneAddressAreLimitedAcrossBothInstances()
    {
        using var first = Client(_first, "198.51.100.40");
        using var second = Client(_second, "198.51.100.40");

        await first.RegisteredAsync("carol");
        await second.RegisteredAsync("dave");
        using var third = await first.RegisterAsync("erin");

        await third.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate-limited");
        Assert.NotNull(third.Headers.RetryAfter);
    }

    [Fact]
    public async Task AnAddressAnInstanceKnowsIsOverItsLimitIsRefusedThereAfterAPauseBeforeItsRequestIsRead()
    {
        using var first = Client(_first, "198.51.100.9");
        for (var i = 0; i < 5; i++)
        {
            using var _ = await first.LoginAsync($"nobody{i}", "wrong password");
        }

        // Refused before the body is parsed: not even bad JSON gets a look. A client that asks again
        // without waiting is held for the pause before it hears so.
        var asked = System.Diagnostics.Stopwatch.StartNew();
        using var refused = await first.PostAsync(ApiPaths.Login, new StringContent("not json", Encoding.UTF8, "application/json"));
        Assert.True(asked.Elapsed >= TimeSpan.FromMilliseconds(450), $"answered after {asked.Elapsed.TotalMilliseconds:F0} ms, not held for the 500 ms pause");
        await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate-limited");
        Assert.NotNull(refused.Headers.RetryAfter?.Delta);

        // The other instance has not refused this address yet, so it reads the request, and bad input is still bad input.
        using var second = Client(_second, "198.51.100.9");
        using var bad = await second.PostAsync(ApiPaths.Login, new StringContent("not json", Encoding.UTF8, "application/json"));
        await bad.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-json");
    }

    private static HttpClient Client(TestApi api, string forwardedFor)
    {
        var client = api.CreateRawClient();
        client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        return client;
    }
}
