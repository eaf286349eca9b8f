using System.Net;
using Azure.Data.Tables;
using FuncSession.IntegrationTests.Accounts;
using FuncSession.Storage;
using FuncSession.Testing;

namespace FuncSession.IntegrationTests.Cleanup;

/// <summary>
/// The users' session lists against Azurite: every expiry entry of a logged-in session names its user,
/// so a sweep cleans the list even when the session is already gone, and never touches a live one's place.
/// </summary>
public sealed class SweepUserIndexTests : IAsyncLifetime
{
    private SweepScenario _scenario = null!;

    public async Task InitializeAsync() => _scenario = await SweepScenario.StartAsync();

    public async Task DisposeAsync() => await _scenario.DisposeAsync();

    private TestApi Api => _scenario.Api;

    [Fact]
    public async Task ASessionDeletedByARunThatStoppedBeforeTheUsersListLeavesTheListOnTheNextRun()
    {
        using var client = Api.CreateRawClient();
        await client.RegisteredAsync("ines");
        var key = Api.StorageKeyOf(await client.LoggedInAsync("ines"));
        var user = AuthApi.UserKeyOf("ines");
        // One entry while the login was pending, one for the confirmed session.
        var entries = ExpiryEntriesOf(key);
        Assert.Equal(2, entries.Count);
        Assert.All(entries, entry => Assert.Equal(user, entry.GetString("UserKey")));
        _scenario.Clock.Advance(TimeSpan.FromMinutes(36));
        // What a run leaves when it stops between its two deletes: the entry and the user's list, no session.
        await Api.Table(SessionTables.SessionsName).DeleteEntityAsync(key, SessionEntity.RowKeyFor(key));
        Assert.Equal([key], UserListOf(user));

        var report = await _scenario.SweepAsync();

        Assert.True(report.Completed);
        // Both due entries of the session are decided by one read, and its user entry deleted once.
        Assert.Equal((0, 2, 1), (report.SessionsDeleted, report.StaleEntriesDropped, report.UserEntriesDeleted));
        Assert.Empty(UserListOf(user));
        Assert.Empty(ExpiryEntriesOf(key));
    }

    [Fact]
    public async Task ALiveLoggedInSessionKeepsItsPlaceInItsUsersListWhileItsOldEntriesAreSwept()
    {
        using var client = Api.CreateRawClient();
        await client.RegisteredAsync("jonas");
        var busy = await client.LoggedInAsync("jonas");
        var remembered = await client.LoggedInAsync("jonas", remember: true);
        var user = AuthApi.UserKeyOf("jonas");
        _scenario.Clock.Advance(TimeSpan.FromMinutes(20));
        // A use moves the busy session's expiry into a later bucket; its first entry stays behind.
        Assert.Equal(HttpStatusCode.OK, await client.MeStatusAsync(busy));
        // Pending, confirmed, moved by the use.
        var busyEntries = ExpiryEntriesOf(Api.StorageKeyOf(busy));
        Assert.Equal(3, busyEntries.Count);
        Assert.All(busyEntries, e => Assert.Equal(user, e.GetString("UserKey")));
        _scenario.Clock.Advance(TimeSpan.FromMinutes(16));

        var report = await _scenario.SweepAsync();

        // Both logins' pending entries and the busy session's first confirmed one: all outdated, none deleted.
        Assert.Equal((3, 0, 0), (report.IndexEntriesRead, report.SessionsDeleted, report.UserEntriesDeleted));
        Assert.Equal(3, report.SessionsSpared);
        Assert.Single(ExpiryEntriesOf(Api.StorageKeyOf(busy)));
        Assert.Equal(new[] { busy, remembered }.Select(Api.StorageKeyOf).Order(StringComparer.Ordinal), UserListOf(user));
        Assert.Equal(HttpStatusCode.OK, await client.MeStatusAsync(busy));
        Assert.Equal(HttpStatusCode.OK, await client.MeStatusAsync(remembered));
    }

    [Fact]
    public async Task TheEntriesOfALoggedOutSessionAreSweptWithOneSpareDeleteOfItsUserEntry()
    {
        using var client = Api.CreateRawClient();
        await client.RegisteredAsync("karla");
        var token = await client.LoggedInAsync("karla");
        using (var logout = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, ApiPaths.Logout).WithBearer(token)))
        {
            Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        }
        Assert.Empty(UserListOf(AuthApi.UserKeyOf("karla")));
        _scenario.Clock.Advance(TimeSpan.FromMinutes(36));

        var report = await _scenario.SweepAsync();

        Assert.True(report.Completed);
        // The pending and the confirmed entry of the login are decided by one read: the session is gone,
        // and its user entry is deleted once more (a spare delete that finds nothing).
        Assert.Equal((0, 2, 1), (report.SessionsDeleted, report.StaleEntriesDropped, report.UserEntriesDeleted));
        Assert.Empty(ExpiryEntriesOf(Api.StorageKeyOf(token)));
    }

    private List<TableEntity> ExpiryEntriesOf(string key) =>
        [.. Api.Entities(SessionTables.SessionExpiryName).Where(e => e.RowKey == key)];

    private List<string> UserListOf(string user) =>
        [.. Api.Entities(SessionTables.UserSessionsName, user).Select(e => e.RowKey).Order(StringComparer.Ordinal)];
}
