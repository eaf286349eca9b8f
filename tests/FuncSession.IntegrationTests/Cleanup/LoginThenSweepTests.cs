using System.Diagnostics;
using System.Net;
using FuncSession.IntegrationTests.Accounts;
using FuncSession.Storage;
using FuncSession.Testing;

namespace FuncSession.IntegrationTests.Cleanup;

/// <summary>
/// The whole way, over HTTP: a user logs in twice, one session idles out, an operator runs the
/// cleanup through the admin route, and neither storage nor "my sessions" keeps anything of the dead one.
/// </summary>
public sealed class LoginThenSweepTests : IAsyncLifetime
{
    private static readonly TimeSpan SweepWait = TimeSpan.FromSeconds(30);

    private SweepScenario _scenario = null!;

    public async Task InitializeAsync() => _scenario = await SweepScenario.StartAsync();

    public async Task DisposeAsync() => await _scenario.DisposeAsync();

    private TestApi Api => _scenario.Api;

    [Fact]
    public async Task ASweepRunByHandRemovesTheIdledOutLoginFromStorageAndFromMySessions()
    {
        using var browser = Api.CreateClient();
        using var phone = Api.CreateRawClient();
        await browser.RegisteredAsync("Hanna");
        var browserToken = await browser.LoggedInAsync("hanna");
        var phoneToken = await phone.LoggedInAsync("hanna", remember: true);
        var dead = Api.StorageKeyOf(browserToken);
        var live = Api.StorageKeyOf(phoneToken);
        var user = AuthApi.UserKeyOf("hanna");
        Assert.Equal(new[] { dead, live }.Order(StringComparer.Ordinal), UserIndexKeys(user).Order(StringComparer.Ordinal));
        Assert.Contains(dead, await _scenario.IndexedKeysAsync());
        // The browser session idles out; the remembered one lives for weeks.
        _scenario.Clock.Advance(TimeSpan.FromMinutes(36));

        using var trigger = await Api.CreateRawClient().PostAsync(
            new Uri(Api.BaseAddress, "/admin/functions/SessionCleanup"), HttpAssertions.Json("""{"input":""}"""));

        Assert.Equal(HttpStatusCode.Accepted, trigger.StatusCode);
        await WaitForSweepAsync();
        // Storage first: listing "my sessions" drops dead entries itself, which would hide what the sweep left.
        Assert.Equal([live], UserIndexKeys(user));
        Assert.DoesNotContain(dead, await _scenario.SessionKeysAsync());
        Assert.Contains(live, await _scenario.SessionKeysAsync());
        Assert.DoesNotContain(dead, await _scenario.IndexedKeysAsync());
        Assert.Contains(live, await _scenario.IndexedKeysAsync());

        using var mine = await phone.SendAsync(new HttpRequestMessage(HttpMethod.Get, ApiPaths.UserSessions).WithBearer(phoneToken));
        Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
        var listed = Assert.Single((await mine.ReadJsonAsync()).EnumerateArray());
        Assert.True(listed.GetProperty("current").GetBoolean());
        Assert.True(listed.GetProperty("permanent").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, await phone.MeStatusAsync(phoneToken));
        Assert.Equal(HttpStatusCode.Unauthorized, await browser.MeStatusAsync());
    }

    /// <summary>The admin route answers before the sweep runs; its summary line says when it is done.</summary>
    private async Task WaitForSweepAsync()
    {
        var waited = Stopwatch.StartNew();
        while (_scenario.Logs.Entries.IsEmpty && waited.Elapsed < SweepWait)
        {
            await Task.Delay(50);
        }
        var summary = Assert.Single(_scenario.Logs.Entries);
        Assert.Equal(LogEvents.Swept, summary.Event.Id);
    }

    private List<string> UserIndexKeys(string user) =>
        [.. Api.Entities(SessionTables.UserSessionsName, user).Select(entity => entity.RowKey)];
}
