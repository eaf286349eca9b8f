using System.Net;
using FuncSession.IntegrationTests.Accounts;
using FuncSession.Testing;
using Xunit.Abstractions;

namespace FuncSession.IntegrationTests.Reliability;

/// <summary>
/// A password change on one instance while a login with the OLD password is in flight on another,
/// held at each of its steps after its password check: once the change answers 204, the login's
/// session never works, and the asking session still does.
/// </summary>
public sealed class ChangePasswordRaceTests(ITestOutputHelper output) : IAsyncLifetime
{
    private HeldLogin _race = null!;

    public static TheoryData<string, int> HeldAt => HeldLogin.Steps;

    public async Task InitializeAsync() => _race = await HeldLogin.StartAsync();

    public async Task DisposeAsync() => await _race.DisposeAsync();

    [Theory]
    [MemberData(nameof(HeldAt))]
    public async Task ALoginWithTheOldPasswordInFlightOnAnotherInstanceDoesNotSurviveTheChange(string step, int occurrence)
    {
        using var first = _race.Apis.First.CreateRawClient();
        using var second = _race.Apis.Second.CreateRawClient();
        var user = $"changing-{step}-{occurrence}".Replace('.', '-');
        await first.RegisteredAsync(user);
        var asking = await first.LoggedInAsync(user);
        var login = await _race.HoldAsync(second, user, step, occurrence);

        using var change = await first.SendAsync(
            AccountChangeApi.ChangePassword(AuthApi.Password, AccountChangeApi.NewPassword).WithBearer(asking));
        _race.Resume();
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
}
