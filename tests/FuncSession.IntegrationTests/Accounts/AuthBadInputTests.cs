using System.Net;
using System.Text;
using FuncSession.Testing;

namespace FuncSession.IntegrationTests.Accounts;

/// <summary>Bad account requests get a 400 (or 415) problem, store nothing, and never a 500.</summary>
public sealed class AuthBadInputTests : IAsyncLifetime
{
    private static readonly string Huge = new('a', 1024 * 1024);

    private TestApi _api = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _api = await TestApi.StartAsync(settings: AuthApi.FastHashing());
        _client = _api.CreateRawClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _api.DisposeAsync();
    }

    public static TheoryData<string, string, string> BadBodies() => new()
    {
        { "auth/register", "", "invalid-json" },
        { "auth/register", "not json", "invalid-json" },
        { "auth/register", "{\"username\": \"a\", ", "invalid-json" },
        { "auth/register", "[]", "invalid-body" },
        { "auth/register", "\"alice\"", "invalid-body" },
        { "auth/register", "{}", "invalid-body" },
        { "auth/register", """{"username":"alice"}""", "invalid-body" },
        { "auth/register", """{"password":"long enough"}""", "invalid-body" },
        { "auth/register", """{"username":5,"password":"long enough"}""", "invalid-body" },
        { "auth/register", """{"username":null,"password":"long enough"}""", "invalid-body" },
        { "auth/register", """{"username":["alice"],"password":"long enough"}""", "invalid-body" },
        { "auth/register", """{"username":"alice","password":12345678}""", "invalid-body" },
        { "auth/register", """{"username":"alice","username":"bob","password":"long enough"}""", "invalid-json" },
        { "auth/register", """{"username":"","password":"long enough"}""", "invalid-username" },
        { "auth/register", """{"username":"al ice","password":"long enough"}""", "invalid-username" },
        { "auth/register", """{"username":"a\u0000b","password":"long enough"}""", "invalid-username" },
        { "auth/register", """{"username":"a\nb","password":"long enough"}""", "invalid-username" },
        { "auth/register", """{"username":"a\u202Eb","password":"long enough"}""", "invalid-username" },
        { "auth/register", """{"username":"a/b","password":"long enough"}""", "invalid-username" },
        { "auth/register", """{"username":"a#b?c","password":"long enough"}""", "invalid-username" },
        { "auth/register", """{"username":"\ud800x","password":"long enough"}""", "invalid-json" },
        { "auth/register", """{"username":"\uFDFA","password":"long enough"}""", "invalid-username" },
        { "auth/register", $$"""{"username":"{{new string('a', 65)}}","password":"long enough"}""", "invalid-username" },
        { "auth/register", $$"""{"username":"{{Huge}}","password":"long enough"}""", "invalid-body" },
        { "auth/register", $$"""{"username":"alice","password":"{{Huge}}"}""", "invalid-body" },
        { "auth/register", """{"username":"alice","password":"short"}""", "invalid-password" },
        { "auth/login", "not json", "invalid-json" },
        { "auth/login", "{}", "invalid-body" },
        { "auth/login", """{"username":"alice"}""", "invalid-body" },
        { "auth/login", """{"username":"alice","password":true}""", "invalid-body" },
        { "auth/login", """{"username":"alice","password":"long enough","remember":"yes"}""", "invalid-body" },
        { "auth/login", """{"username":"alice","password":"long enough","returnToken":1}""", "invalid-body" },
        { "auth/login", """{"username":"a\tb","password":"long enough"}""", "invalid-username" },
        { "auth/login", $$"""{"username":"{{Huge}}","password":"long enough"}""", "invalid-body" },
        { "auth/login", """{"username":"alice","password":""}""", "invalid-password" },
        { "auth/login", $$"""{"username":"alice","password":"{{new string('p', 129)}}"}""", "invalid-password" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task ABadBodyIsABadRequestAndStoresNothing(string route, string body, string problem)
    {
        using var response = await _client.PostAsync(route, new StringContent(body, Encoding.UTF8, "application/json"));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, problem);
        response.AssertNoStore();
        AssertNothingStored();
    }

    [Theory]
    [InlineData("auth/register", "text/plain")]
    [InlineData("auth/register", "application/x-www-form-urlencoded")]
    [InlineData("auth/login", "multipart/form-data")]
    [InlineData("auth/login", null)]
    public async Task ABodyThatIsNotJsonByContentTypeIsUnsupported(string route, string? mediaType)
    {
        var content = new StringContent(AuthApi.Body("alice", AuthApi.Password));
        content.Headers.ContentType = mediaType is null ? null : new System.Net.Http.Headers.MediaTypeHeaderValue(mediaType);

        using var response = await _client.PostAsync(route, content);

        await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
        AssertNothingStored();
    }

    private void AssertNothingStored()
    {
        Assert.Empty(_api.Entities("Users"));
        Assert.Empty(_api.Entities("LoginThrottle"));
        Assert.Empty(_api.Entities("Sessions"));
        Assert.Empty(_api.Entities("UserSessions"));
    }
}
