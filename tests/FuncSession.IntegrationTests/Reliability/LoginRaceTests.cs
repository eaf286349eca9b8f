using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using FuncSession.IntegrationTests.Accounts;
using FuncSession.Testing;
using Xunit.Abstractions;

namespace FuncSession.IntegrationTests.Reliability;

/// <summary>
/// Writers racing a login on one session, on one API instance and across two: every write answered
/// 204 on the old session (no new cookie in the answer) must be in the logged-in session.
/// </summary>
public sealed class LoginRaceTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Rounds = 15;
    private const int Writers = 4;
    private const int MaxWritesPerWriter = 200;
    private static readonly TimeSpan RoundBudget = TimeSpan.FromSeconds(20);

    private TwoInstances _apis = null!;

    public async Task InitializeAsync() => _apis = await TwoInstances.StartAsync();

    public async Task DisposeAsync() => await _apis.DisposeAsync();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task NoWriteAcknowledgedOnTheOldSessionIsLostWhenItLogsIn(int instances)
    {
        var apis = _apis.Take(instances);
        var clients = apis.Select(api => api.CreateRawClient()).ToList();
        var user = $"racer{instances}";
        await clients[0].RegisteredAsync(user);
        var acknowledged = 0;
        var movedOn = 0;
        var lost = new List<string>();

        for (var round = 0; round < Rounds; round++)
        {
            using var seed = await clients[0].PutAsync("session/values/seed", HttpAssertions.Json("0"));
            var old = seed.SessionCookie()!;
            var loginDone = 0;
            var onOld = new ConcurrentBag<string>();
            var clock = Stopwatch.StartNew();

            var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
            {
                for (var i = 0; i < MaxWritesPerWriter && Volatile.Read(ref loginDone) == 0 && clock.Elapsed < RoundBudget; i++)
                {
                    var key = $"w{w}-{i}";
                    using var request = new HttpRequestMessage(HttpMethod.Put, $"session/values/{key}")
                    {
                        Content = HttpAssertions.Json(i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    }.WithCookie(old);
                    using var response = await clients[(w + i) % clients.Count].SendAsync(request);
                    if (response.StatusCode == HttpStatusCode.NoContent)
                    {
                        if (response.SessionCookie() is { } issued && issued != old)
                        {
                            Interlocked.Increment(ref movedOn);
                        }
                        else
                        {
                            onOld.Add(key);
                        }
                    }
                }
            })).ToList();

            await Task.Delay(5 + round % 4 * 5);
            using var login = await clients[round % clients.Count].SendAsync(new HttpRequestMessage(HttpMethod.Post, "auth/login")
            {
                Content = HttpAssertions.Json(AuthApi.Body(user, AuthApi.Password)),
            }.WithCookie(old));
            Volatile.Write(ref loginDone, 1);
            await Task.WhenAll(writers);
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);

            using var read = await clients[0].SendAsync(new HttpRequestMessage(HttpMethod.Get, "session").WithCookie(login.SessionCookie()!));
            var values = (await read.ReadJsonAsync()).GetProperty("values");
            foreach (var key in onOld)
            {
                acknowledged++;
                if (!values.TryGetProperty(key, out JsonElement _))
                {
                    lost.Add($"round {round}: {key}");
                }
            }
        }

        output.WriteLine($"{instances} instance(s), {Rounds} logins: {acknowledged} writes acknowledged on the old session, "
            + $"{lost.Count} of them missing afterwards; {movedOn} writes came after the old id was retired and got a new session.");
        Assert.True(acknowledged > Rounds, "the writers should have raced the logins");
        Assert.Empty(lost);
        clients.ForEach(c => c.Dispose());
    }
}
