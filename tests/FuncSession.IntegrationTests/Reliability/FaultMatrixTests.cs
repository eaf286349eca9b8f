using System.Net;
using Azure.Data.Tables;
using FuncSession.Accounts;
using FuncSession.Cleanup;
using FuncSession.IntegrationTests.Accounts;
using FuncSession.Testing;
using FuncSession.Sessions;
using FuncSession.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace FuncSession.IntegrationTests.Reliability;

/// <summary>
/// Every multi-step operation, stopped at every one of its storage calls in each of three ways
/// (<see cref="FaultKind"/>), against the real Table Storage stores on Azurite. After each stop the
/// client does what the answer tells it (a 503 says repeating is safe, so it repeats; no answer is
/// treated alike), one sweep runs, and the invariants must hold: acknowledged values are present;
/// every session a client can use is listed under its user and every listed session is usable; a 204
/// from logout means the credential is dead; a 204 from logout-all means none of the user's earlier
/// sessions works; a 204 from a password change means only the asking session and the new password
/// work; a 204 from deleting the account means nothing of the user works or is listed.
/// </summary>
public sealed class FaultMatrixTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly FaultKind[] Kinds = [FaultKind.FailBeforeSending, FaultKind.ApplyThenTimeOut, FaultKind.Abandon];

    private readonly FaultInjector _faults = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 10, 2, 0, TimeSpan.Zero));
    private TestApi _api = null!;
    private HttpClient _client = null!;
    private int _users;

    public async Task InitializeAsync()
    {
        _api = await TestApi.StartAsync(time: _clock, services: services =>
        {
            services.AddSingleton<ISessionStore>(p => new FaultySessionStore(
                ActivatorUtilities.CreateInstance<TableSessionStore>(p), _faults));
            services.AddSingleton<IUserSessionIndex>(p => new FaultyUserSessionIndex(
                ActivatorUtilities.CreateInstance<TableUserSessionIndex>(p), _faults));
            services.AddSingleton<IUserStore>(p => new FaultyUserStore(
                ActivatorUtilities.CreateInstance<TableUserStore>(p), _faults));
            services.AddSingleton<ILoginThrottleStore>(p => new FaultyThrottleStore(
                ActivatorUtilities.CreateInstance<TableLoginThrottleStore>(p), _faults));
            services.AddSingleton<ISweepStore>(p => new FaultySweepStore(
                ActivatorUtilities.CreateInstance<TableSweepStore>(p), _faults));
        });
        _faults.Disarm();
        _client = _api.CreateRawClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _api.DisposeAsync();
    }

    public static TheoryData<string> Operations => ["register", "login", "logout", "logout-all", "end-one", "sweep", "change-password", "delete-account"];

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task AStopAtAnyStepLeavesNothingThatContradictsWhatTheClientWasTold(string operation)
    {
        // A dry run counts the operation's storage calls.
        var dry = await PrepareAsync(operation);
        _faults.Count();
        await RunAsync(operation, dry);
        var calls = _faults.Calls;
        _faults.Disarm();
        output.WriteLine($"{operation}: {calls.Count} storage calls: {string.Join(", ", calls)}");
        Assert.InRange(calls.Count, 1, 60);

        var failures = new List<string>();
        for (var step = 1; step <= calls.Count; step++)
        {
            foreach (var kind in Kinds)
            {
                var setup = await PrepareAsync(operation);
                _faults.Arm(step, kind);
                HttpStatusCode? first;
                try
                {
                    first = await RunAsync(operation, setup);
                }
                catch (OperationAbandonedException)
                {
                    first = null;
                }
                finally
                {
                    _faults.Disarm();
                }
                try
                {
                    await CheckAsync(operation, setup, first);
                }
                catch (Exception ex) when (ex is Xunit.Sdk.XunitException)
                {
                    failures.Add($"{operation}, step {step} ({calls[step - 1]}), {kind}, first answer {first?.ToString() ?? "none"}: {ex.Message}");
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        output.WriteLine($"{operation}: {calls.Count * Kinds.Length} stops checked");
    }

    /// <summary>What one case starts from: a fresh user, its sessions, and a visitor's values.</summary>
    private sealed record Setup(string User, string? Visitor, string? First, string? Second, string? SecondHandle, IReadOnlyList<string> Expired);

    private async Task<Setup> PrepareAsync(string operation)
    {
        var user = $"fm{Interlocked.Increment(ref _users)}";
        if (operation == "register")
        {
            return new Setup(user, null, null, null, null, []);
        }
        await _client.RegisteredAsync(user);
        switch (operation)
        {
            case "login":
                using (var put = await _client.PutAsync("session/values/cart", HttpAssertions.Json("""{"items":[1]}""")))
                {
                    Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
                    return new Setup(user, put.SessionCookie(), null, null, null, []);
                }
            case "logout":
                return new Setup(user, null, await _client.LoggedInAsync(user), null, null, []);
            case "logout-all":
            case "end-one":
            case "change-password":
            case "delete-account":
                var first = await _client.LoggedInAsync(user);
                var second = await _client.LoggedInAsync(user);
                var handle = await HandleOfAsync(first, second);
                return new Setup(user, null, first, second, handle, []);
            case "sweep":
                // Whatever earlier cases left is swept first, so every case sweeps the same two sessions.
                _clock.Advance(TimeSpan.FromHours(1));
                await _api.Services.GetRequiredService<SessionSweeper>().SweepAsync(CancellationToken.None);
                var expired = await _client.LoggedInAsync(user);
                _clock.Advance(TimeSpan.FromMinutes(20));
                var live = await _client.LoggedInAsync(user);
                _clock.Advance(TimeSpan.FromMinutes(16));
                return new Setup(user, null, live, null, null, [expired]);
            default:
                throw new ArgumentOutOfRangeException(nameof(operation));
        }
    }

    /// <summary>Runs the operation once; its status, or null when the operation stopped without an answer.</summary>
    private async Task<HttpStatusCode?> RunAsync(string operation, Setup setup)
    {
        if (operation == "sweep")
        {
            var report = await _api.Services.GetRequiredService<SessionSweeper>().SweepAsync(CancellationToken.None);
            return report.Completed ? HttpStatusCode.OK : HttpStatusCode.ServiceUnavailable;
        }
        using var request = operation switch
        {
            "register" => new HttpRequestMessage(HttpMethod.Post, "auth/register") { Content = HttpAssertions.Json(AuthApi.Body(setup.User, AuthApi.Password)) },
            "login" => new HttpRequestMessage(HttpMethod.Post, "auth/login") { Content = HttpAssertions.Json(AuthApi.Body(setup.User, AuthApi.Password)) }
                .WithCookie(setup.Visitor!),
            "logout" => new HttpRequestMessage(HttpMethod.Post, "auth/logout").WithBearer(setup.First!),
            "logout-all" => new HttpRequestMessage(HttpMethod.Post, "auth/logout-all").WithBearer(setup.First!),
            "end-one" => new HttpRequestMessage(HttpMethod.Delete, $"auth/sessions/{setup.SecondHandle}").WithBearer(setup.First!),
            "change-password" => AccountChangeApi.ChangePassword(AuthApi.Password, AccountChangeApi.NewPassword).WithBearer(setup.First!),
            "delete-account" => AccountChangeApi.DeleteAccount(AuthApi.Password).WithBearer(setup.First!),
            _ => throw new ArgumentOutOfRangeException(nameof(operation)),
        };
        using var response = await _client.SendAsync(request);
        if (operation == "login" && response.StatusCode == HttpStatusCode.OK)
        {
            _loggedIn = response.SessionCookie();
        }
        // An abandoned operation reaches the client as a failure without a usable answer.
        return response.StatusCode == HttpStatusCode.InternalServerError ? null : response.StatusCode;
    }

    private string? _loggedIn;

    private async Task CheckAsync(string operation, Setup setup, HttpStatusCode? first)
    {
        var succeeded = first is HttpStatusCode.OK or HttpStatusCode.Created or HttpStatusCode.NoContent;
        if (operation != "login")
        {
            _loggedIn = null;
        }
        if (first is { } status && !succeeded)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        }

        switch (operation)
        {
            case "register":
                if (!succeeded)
                {
                    // The 503 says repeating is safe: the repeat succeeds whether or not the first was applied.
                    Assert.Equal(HttpStatusCode.Created, await RunAsync(operation, setup));
                }
                await AfterOneSweepListsMatchAsync(setup.User, held: []);
                await _client.LoggedInAsync(setup.User);
                return;

            case "login":
                if (!succeeded)
                {
                    _loggedIn = null;
                    Assert.Equal(HttpStatusCode.OK, await RunAsync(operation, setup));
                }
                var now = _loggedIn!;
                Assert.Equal("""{"items":[1]}""", await ValueAsync(now, "cart"));
                Assert.Null(await ValueAsync(setup.Visitor!, "cart"));
                await AfterOneSweepListsMatchAsync(setup.User, held: [now]);
                return;

            case "logout":
                if (!succeeded)
                {
                    Assert.Equal(HttpStatusCode.NoContent, await RunAsync(operation, setup));
                }
                Assert.Equal(HttpStatusCode.Unauthorized, await _client.MeStatusAsync(setup.First));
                await AfterOneSweepListsMatchAsync(setup.User, held: []);
                return;

            case "logout-all":
                if (!succeeded)
                {
                    // Repeated with the same credential: the asking session is ended last, so it still works
                    // unless the first run got that far (then everything else is ended already).
                    var again = await RunAsync(operation, setup);
                    Assert.True(again is HttpStatusCode.NoContent or HttpStatusCode.Unauthorized, $"repeat answered {again}");
                }
                Assert.Equal(HttpStatusCode.Unauthorized, await _client.MeStatusAsync(setup.First));
                Assert.Equal(HttpStatusCode.Unauthorized, await _client.MeStatusAsync(setup.Second));
                await AfterOneSweepListsMatchAsync(setup.User, held: []);
                return;

            case "end-one":
                if (!succeeded)
                {
                    var again = await RunAsync(operation, setup);
                    Assert.True(again is HttpStatusCode.NoContent or HttpStatusCode.NotFound, $"repeat answered {again}");
                }
                Assert.Equal(HttpStatusCode.Unauthorized, await _client.MeStatusAsync(setup.Second));
                Assert.Equal(HttpStatusCode.OK, await _client.MeStatusAsync(setup.First));
                await AfterOneSweepListsMatchAsync(setup.User, held: [setup.First!]);
                return;

            case "change-password":
                if (!succeeded)
                {
                    // The repeat finds the new password already stored (its current password no longer
                    // matches, its new one does) or makes the change itself: 204 either way.
                    Assert.Equal(HttpStatusCode.NoContent, await RunAsync(operation, setup));
                }
                Assert.Equal(HttpStatusCode.OK, await _client.MeStatusAsync(setup.First));
                Assert.Equal(HttpStatusCode.Unauthorized, await _client.MeStatusAsync(setup.Second));
                using (var old = await _client.LoginAsync(setup.User))
                {
                    Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
                }
                await AfterOneSweepListsMatchAsync(setup.User, held: [setup.First!], AccountChangeApi.NewPassword);
                return;

            case "delete-account":
                if (!succeeded)
                {
                    // Repeated with the same credential: the asking session is ended last, so it still works
                    // unless the first run got that far (then everything else is done already).
                    var again = await RunAsync(operation, setup);
                    Assert.True(again is HttpStatusCode.NoContent or HttpStatusCode.Unauthorized, $"repeat answered {again}");
                }
                await DeletedAsync(setup);
                _clock.Advance(SessionRules.RotationWindow + TimeSpan.FromMinutes(6));
                await _api.Services.GetRequiredService<SessionSweeper>().SweepAsync(CancellationToken.None);
                await DeletedAsync(setup);
                return;

            case "sweep":
                Assert.Equal(HttpStatusCode.OK, await RunAsync(operation, setup));
                Assert.Equal(HttpStatusCode.OK, await _client.MeStatusAsync(setup.First));
                Assert.All(setup.Expired, token => Assert.DoesNotContain(
                    _api.Entities(SessionTables.SessionsName), e => e.PartitionKey == _api.StorageKeyOf(token)));
                await AfterOneSweepListsMatchAsync(setup.User, held: [setup.First!]);
                return;
        }
    }

    /// <summary>
    /// Right away, and again after one sweep (the clock moved past every rotation window): the user's
    /// usable sessions are exactly those whose tokens the client was given and not told are ended
    /// (<paramref name="held"/>), so no stop leaves a usable session nobody holds; each is in the
    /// user's list; and the list, as the API shows it, holds exactly those.
    /// </summary>
    private async Task AfterOneSweepListsMatchAsync(string user, IReadOnlyList<string> held, string password = AuthApi.Password)
    {
        await ListsMatchAsync(user, held, "right after", password);
        _clock.Advance(SessionRules.RotationWindow + TimeSpan.FromMinutes(6));
        await _api.Services.GetRequiredService<SessionSweeper>().SweepAsync(CancellationToken.None);
        await ListsMatchAsync(user, held, "after one sweep", password);
    }

    /// <summary>After a deletion the client was told of (or repeated until it was): nothing of the user works, is listed or counted.</summary>
    private async Task DeletedAsync(Setup setup)
    {
        var userKey = AuthApi.UserKeyOf(setup.User);
        var now = _clock.GetUtcNow();
        Assert.Equal(HttpStatusCode.Unauthorized, await _client.MeStatusAsync(setup.First));
        Assert.Equal(HttpStatusCode.Unauthorized, await _client.MeStatusAsync(setup.Second));
        Assert.DoesNotContain(_api.Entities(SessionTables.SessionsName).Select(SessionEntity.ToSession),
            s => s.UserKey == userKey && SessionRules.IsUsable(s, now));
        Assert.Empty(_api.Entities(SessionTables.UserSessionsName, userKey));
        Assert.Empty(_api.Entities(SessionTables.LoginThrottleName, userKey));
        Assert.NotNull(Assert.Single(_api.Entities(SessionTables.UsersName, userKey)).GetDateTimeOffset("DeletedAt"));
        using var login = await _client.LoginAsync(setup.User);
        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
        // That failed login counted on the name: forget it, so the next look finds no counters again.
        await _api.Table(SessionTables.LoginThrottleName).DeleteEntityAsync(userKey, TableLoginThrottleStore.RowKey);
    }

    private async Task ListsMatchAsync(string user, IReadOnlyList<string> held, string when, string password)
    {
        var userKey = AuthApi.UserKeyOf(user);
        var now = _clock.GetUtcNow();
        var usable = _api.Entities(SessionTables.SessionsName)
            .Select(SessionEntity.ToSession)
            .Where(s => s.UserKey == userKey && SessionRules.IsUsable(s, now))
            .Select(s => s.Key)
            .ToHashSet();
        Assert.True(held.Select(_api.StorageKeyOf).ToHashSet().SetEquals(usable), $"{when}: usable sessions are not the ones the client holds");
        var listed = _api.Entities(SessionTables.UserSessionsName, userKey).Select(e => e.RowKey).ToHashSet();
        Assert.True(usable.IsSubsetOf(listed), $"{when}: a usable session is missing from its user's list");

        // Through the API, with a fresh login: the list shows the usable sessions and nothing else.
        var probe = await _client.LoggedInAsync(user, password);
        using var request = new HttpRequestMessage(HttpMethod.Get, "auth/sessions").WithBearer(probe);
        using var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(usable.Count + 1, (await response.ReadJsonAsync()).GetArrayLength());
        using var end = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "auth/logout").WithBearer(probe));
        Assert.Equal(HttpStatusCode.NoContent, end.StatusCode);
    }

    private async Task<string?> ValueAsync(string cookie, string key)
    {
        using var response = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"session/values/{key}").WithCookie(cookie));
        return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadAsStringAsync() : null;
    }

    private async Task<string> HandleOfAsync(string asking, string target)
    {
        using var response = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "auth/sessions").WithBearer(asking));
        var sessions = await response.ReadJsonAsync();
        return sessions.EnumerateArray().Single(s => !s.GetProperty("current").GetBoolean()).GetProperty("id").GetString()!;
    }
}
