using System.Net;
using FuncSession.Testing;

namespace FuncSession.IntegrationTests.Hosting;

/// <summary>Strict-Transport-Security on HTTPS answers, and 405 answers as problems with Allow and no-store.</summary>
public sealed class ResponseHeaderTests : IAsyncLifetime
{
    private TestApi _api = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _api = await TestApi.StartAsync();
        _client = _api.CreateRawClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _api.DisposeAsync();
    }

    [Theory]
    [InlineData("session")]
    [InlineData("health")]
    [InlineData("no-such-route")]
    public async Task AnAnswerThatWentOverHttpsCarriesStrictTransportSecurity(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Forwarded-Proto", "https");

        using var answer = await _client.SendAsync(request);

        Assert.Equal("max-age=31536000", string.Join(",", answer.Headers.GetValues("Strict-Transport-Security")));
    }

    [Fact]
    public async Task APlainHttpAnswerCarriesNoStrictTransportSecurity()
    {
        using var answer = await _client.GetAsync("session");

        Assert.False(answer.Headers.Contains("Strict-Transport-Security"));
    }

    [Theory]
    [InlineData("DELETE", "auth/login", "POST")]
    [InlineData("POST", "session", "GET")]
    public async Task AWrongVerbIsAProblemWithAllowAndNoStore(string method, string path, string allowed)
    {
        using var answer = await _client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        await answer.AssertProblemAsync(HttpStatusCode.MethodNotAllowed, "method-not-allowed");
        Assert.Contains(allowed, answer.Content.Headers.Allow);
        answer.AssertNoStore();
    }
}
