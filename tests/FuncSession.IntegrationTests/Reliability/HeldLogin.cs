using System.Net;
using FuncSession.IntegrationTests.Accounts;
using FuncSession.Sessions;
using FuncSession.Storage;
using FuncSession.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FuncSession.IntegrationTests.Reliability;

/// <summary>
/// Two API instances on one set of tables, where a login on the second can be held at any of its
/// storage steps while something else happens on the first: the race tests of operations that must
/// win over logins in flight (log out everywhere, change the password).
/// </summary>
internal sealed class HeldLogin : IAsyncDisposable
{
    private readonly FaultInjector _second;

    private HeldLogin(TwoInstances apis, FaultInjector second)
    {
        Apis = apis;
        _second = second;
    }

    public TwoInstances Apis { get; }

    /// <summary>The login's steps at which it is held: before its list entry, before its session, before retiring the old one, before confirming.</summary>
    public static TheoryData<string, int> Steps => new()
    {
        { "expiry.upsert", 1 },
        { "usersessions.upsert", 1 },
        { "session.add", 1 },
        { "session.replace", 1 },
        { "expiry.upsert", 3 },
        { "session.replace", 2 },
    };

    public static async Task<HeldLogin> StartAsync()
    {
        var second = new FaultInjector();
        var apis = await TwoInstances.StartAsync(services =>
        {
            services.AddSingleton<ISessionStore>(p => new FaultySessionStore(ActivatorUtilities.CreateInstance<TableSessionStore>(p), second));
            services.AddSingleton<IUserSessionIndex>(p => new FaultyUserSessionIndex(
                ActivatorUtilities.CreateInstance<TableUserSessionIndex>(p), second));
        });
        second.Disarm();
        return new HeldLogin(apis, second);
    }

    /// <summary>
    /// Starts a login of <paramref name="user"/> (from an anonymous session) through
    /// <paramref name="second"/>, lets it through the first occurrences of <paramref name="step"/>,
    /// and returns once it is held at occurrence <paramref name="occurrence"/>. Call
    /// <see cref="Resume"/> to let it finish; the task gives its status and bearer token.
    /// </summary>
    public async Task<Task<(HttpStatusCode Status, string? Token)>> HoldAsync(HttpClient second, string user, string step, int occurrence)
    {
        using var seed = await second.PutAsync("session/values/seed", HttpAssertions.Json("1"));
        var seedCookie = seed.SessionCookie()!;
        var reached = ReachAsync(step, occurrence);
        var login = Task.Run(async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "auth/login")
            {
                Content = HttpAssertions.Json(AuthApi.Body(user, AuthApi.Password, returnToken: true)),
            }.WithCookie(seedCookie);
            using var response = await second.SendAsync(request);
            return (response.StatusCode, response.StatusCode == HttpStatusCode.OK
                ? (await response.ReadJsonAsync()).GetProperty("token").GetString()
                : null);
        });
        await reached.WaitAsync(TimeSpan.FromSeconds(20));
        return login;
    }

    public void Resume() => _second.Resume();

    public ValueTask DisposeAsync() => Apis.DisposeAsync();

    /// <summary>Completes when the <paramref name="occurrence"/>th call named <paramref name="step"/> on the second instance is held.</summary>
    private Task ReachAsync(string step, int occurrence)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = Task.Run(async () =>
        {
            for (var seen = 1; seen < occurrence; seen++)
            {
                await _second.PauseAt(step).WaitAsync(TimeSpan.FromSeconds(20));
                _second.Resume();
            }
            await _second.PauseAt(step).WaitAsync(TimeSpan.FromSeconds(20));
            reached.TrySetResult();
        });
        return reached.Task;
    }
}
