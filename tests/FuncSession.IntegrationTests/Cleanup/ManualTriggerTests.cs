using System.Diagnostics;
using System.Net;
using FuncSession.Testing;

namespace FuncSession.IntegrationTests.Cleanup;

/// <summary>LocalHost runs the cleanup timer on demand through the Functions host's admin route.</summary>
public sealed class ManualTriggerTests : IAsyncLifetime
{
    private SweepScenario _scenario = null!;

    public async Task InitializeAsync() => _scenario = await SweepScenario.StartAsync();

    public async Task DisposeAsync() => await _scenario.DisposeAsync();

    private Uri Admin(string function) => new(_scenario.Api.BaseAddress, "/admin/functions/" + function);

    [Fact]
    public async Task PostingToTheAdminRouteRunsTheCleanupTimerNow()
    {
        await _scenario.CreateSessionsAsync(3);
        _scenario.Clock.Advance(TimeSpan.FromMinutes(20));
        var live = await _scenario.CreateSessionsAsync(2);
        _scenario.Clock.Advance(TimeSpan.FromMinutes(16));
        using var client = _scenario.Api.CreateRawClient();

        using var response = await client.PostAsync(Admin("SessionCleanup"), HttpAssertions.Json("{}"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(15) && !(await _scenario.SessionKeysAsync()).SetEquals(live))
        {
            await Task.Delay(100);
        }
        Assert.Equal(live.ToHashSet(), await _scenario.SessionKeysAsync());
    }

    [Fact]
    public async Task TheAdminRouteAnswers404ForAnUnknownFunctionAnd400ForAnHttpFunction()
    {
        using var client = _scenario.Api.CreateRawClient();

        using var unknown = await client.PostAsync(Admin("NoSuchFunction"), HttpAssertions.Json("{}"));
        using var http = await client.PostAsync(Admin("GetSession"), HttpAssertions.Json("{}"));

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, http.StatusCode);
    }
}
