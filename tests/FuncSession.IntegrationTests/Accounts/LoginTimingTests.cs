using System.Diagnostics;
using System.Net;
using FuncSession.Testing;

namespace FuncSession.IntegrationTests.Accounts;

/// <summary>An unknown name and a wrong password cannot be told apart, by the answer or by the time it takes.</summary>
public sealed class LoginTimingTests : IAsyncLifetime
{
    private const int Samples = 15;

    private TestApi _api = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        // Enough iterations that hashing dominates a request (as it does in production), few
        // enough to run quickly; a high failure limit so the samples are not throttled.
        _api = await TestApi.StartAsync(settings: AuthApi.FastHashing(
            ("FuncSession:PasswordHashIterations", "40000"),
            ("FuncSession:LoginFailureLimit", "1000")));
        _client = _api.CreateRawClient();
        await _client.RegisteredAsync("alice");
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _api.DisposeAsync();
    }

    [Fact]
    public async Task UnknownNameAndWrongPasswordGetTheSameAnswer()
    {
        using var wrong = await _client.LoginAsync("alice", "wrong password");
        using var unknown = await _client.LoginAsync("nobody-here", "wrong password");

        await wrong.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid-credentials");
        Assert.Equal(await wrong.Content.ReadAsStringAsync(), await unknown.Content.ReadAsStringAsync());
        Assert.Equal(wrong.StatusCode, unknown.StatusCode);
        Assert.Equal(wrong.Headers.WwwAuthenticate.ToString(), unknown.Headers.WwwAuthenticate.ToString());
        Assert.Equal(wrong.Content.Headers.ContentType, unknown.Content.Headers.ContentType);
    }

    [Fact]
    public async Task UnknownNameAndWrongPasswordTakeComparableTime()
    {
        await TimeAsync("alice");
        await TimeAsync("warm-up");
        var wrong = new List<double>();
        var unknown = new List<double>();
        for (var i = 0; i < Samples; i++)
        {
            wrong.Add(await TimeAsync("alice"));
            unknown.Add(await TimeAsync($"nobody-{i}"));
        }

        var (w, u) = (Median(wrong), Median(unknown));
        Assert.True(Math.Abs(w - u) < 0.3 * Math.Max(w, u), $"median wrong password {w:F1} ms, unknown name {u:F1} ms");
    }

    private async Task<double> TimeAsync(string username)
    {
        var watch = Stopwatch.StartNew();
        using var response = await _client.LoginAsync(username, "wrong password");
        watch.Stop();
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        return watch.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
