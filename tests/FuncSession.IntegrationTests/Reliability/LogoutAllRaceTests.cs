using System.Net;
using FuncSession.IntegrationTests.Accounts;
using FuncSession.Testing;
using Xunit.Abstractions;

namespace FuncSession.IntegrationTests.Reliability;

/// <summary>
/// "Log out everywhere" on one instance while a login of the same user is in flight on another,
/// held at each of its steps: once log-out-everywhere answers 204, the login's session never works.
/// </summary>
public sealed class LogoutAllRaceTests(ITestOutputHelper output) : IAsyncLifetime
{
    private HeldLogin _race = null!;

    public static TheoryData<string, int> HeldAt => HeldLogin.Steps;

    public async Task InitializeAsync() => _race = await HeldLogin.StartAsync();

    public async Task DisposeAsync() => await _race.DisposeAsync();

    [Theory]
    [MemberData(nameof(HeldAt))]
    public async Task ALoginInFlightOnAnotherInstanceDoesNotSurviveLogOutEverywhere(string step, int occurrence)
    {
        using var first = _race.Apis.First.CreateRawClient();
        using var second = _race.Apis.Second.CreateRawClient();
        var user = $"everywhere-{step}-{occurrence}".Replace('.', '-');
        await first.RegisteredAsync(user);
        var asking = await first.LoggedInAsync(user);
        var login = await _race.HoldAsync(second, user, step, occurrence);

        using var logoutAll = await first.SendAsync(new HttpRequestMessage(HttpMethod.Post, "auth/logout-all").WithBearer(asking));
        _race.Resume();
        var (status, token) = await login;

        Assert.Equal(HttpStatusCode.NoContent, logoutAll.StatusCode);
        output.WriteLine($"login held at {step} #{occurrence} answered {(int)status}");
        Assert.True(status is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"the login answered {status}");
        if (token is not null)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await second.MeStatusAsync(token));
            Assert.Equal(HttpStatusCode.Unauthorized, await first.MeStatusAsync(token));
        }
        Assert.Equal(HttpStatusCode.Unauthorized, await first.MeStatusAsync(asking));
        // A login after log-out-everywhere works as usual.
        Assert.Equal(HttpStatusCode.OK, await second.MeStatusAsync(await second.LoggedInAsync(user)));
    }
}
