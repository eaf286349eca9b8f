using System.Net;
using FuncSession.IntegrationTests.Accounts;
using FuncSession.Testing;
using FuncSession.Sessions;
using FuncSession.Storage;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace FuncSession.IntegrationTests.Reliability;

/// <summary>
/// A password change on one instance while a login with the OLD password is in flight on another,
/// held at each of its steps after its password check: once the change answers 204, the login's
/// session never works, and the asking session still does.
/// </summary>
public sealed class ChangePasswordRaceTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly FaultInjector _second = new();
    private TwoInstances _apis = null!;

    public async Task InitializeAsync()
    {
        _apis = await TwoInstances.StartAsync(services =>
        {
            services.AddSingleton<ISessionStore>(p => new FaultySessionStore(ActivatorUtilities.CreateInstance<TableSessionStore>(p), _second));
            services.AddSingleton<IUserSessionIndex>(p => new FaultyUserSessionIndex(
                ActivatorUtilities.CreateInstance<TableUserSessionIndex>(p), _second));
        });
        _second.Disarm();
    }

    public async Task DisposeAsync() => await _apis.DisposeAsync();

    /// <summary>The login's steps at which it is held: before its list entry, before its session, before retiring the old one, before confirming.</summary>
    public static TheoryData<string, int> HeldAt => new()
    {
        { "expiry.upsert", 1 },
        { "usersessions.upsert", 1 },
        { "session.add", 1 },
        { "session.replace", 1 },
        { "expiry.upsert", 3 },
        { "session.replace", 2 },
    };

    [Theory]
    [MemberData(nameof(HeldAt))]
    public async Task ALoginWithTheOldPasswordInFlightOnAnotherInstanceDoesNotSurviveTheChange(string step, int occurrence)
    {
        using var first = _apis.First.CreateRawClient();
        using var second = _apis.Second.CreateRawClient();
        var user = $"changing-{step}-{occurrence}".Replace('.', '-');
        await first.RegisteredAsync(user);
        var asking = await first.LoggedInAsync(user);
        using var seed = await second.PutAsync("session/values/seed", HttpAssertions.Json("1"));

        var reached = HoldAt(step, occurrence);
        var login = Task.Run(async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "auth/login")
            {
                Content = HttpAssertions.Json(AuthApi.Body(user, AuthApi.Password, returnToken: true)),
            }.WithCookie(seed.SessionCookie()!);
            using var response = await second.SendAsync(request);
            return (response.StatusCode, Token: response.StatusCode == HttpStatusCode.OK
                ? (await response.ReadJsonAsync()).GetProperty("token").GetString()
                : null);
        });
        await reached.WaitAsync(TimeSpan.FromSeconds(20));

        using var change = await first.SendAsync(
            AccountChangeApi.ChangePassword(AuthApi.Password, AccountChangeApi.NewPassword).WithBearer(asking));
        _second.Resume();
        var (status, token) = await login;

        Assert.Equal(HttpStatusCode.NoContent, change.StatusCode);
        output.WriteLine($"login held at {step} #{occurrence} answered {(int)status}");
        Assert.True(status is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"the login answered {status}");
        if (token is not null)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await second.MeStatusAsync(token));
            Assert.Equal(HttpStatusCode.Unauthorized, await first.MeStatusAsync(token));
        }
        Assert.Equal(HttpStatusCode.OK, await first.MeStatusAsync(asking));
        using var old = await second.LoginAsync(user);
        Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
        Assert.Equal(HttpStatusCode.OK, await second.MeStatusAsync(await second.LoggedInAsync(user, AccountChangeApi.NewPassword)));
    }

    /// <summary>Holds the <paramref name="occurrence"/>th call named <paramref name="step"/> on the second instance.</summary>
    private Task HoldAt(string step, int occurrence)
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
