using System.Net;
using System.Text;
using FuncSession.Testing;

namespace FuncSession.IntegrationTests.Accounts;

/// <summary>Bad account requests get a 400 (or 415) problem, store nothing, and never a 500.</summary>
/// <remarks>The tests share one API: as none of them may store anything, its tables stay empty.</remarks>
public sealed class AuthBadInputTests(AccountApiFixture fixture) : IClassFixture<AccountApiFixture>, IDisposable
{
    private static readonly string Huge = new('a', 1024 * 1024);

    private readonly TestApi _api = fixture.Api;
    private readonly HttpClient _client = fixture.Api.CreateRawClient();

    public void Dispose() => _client.Dispose();

    public static TheoryData<string, string, string> BadBodies() => new()
    {
        { ApiPaths.Register, "", "invalid-json" },
        { ApiPaths.Register, "not json", "invalid-json" },
        { ApiPaths.Register, "{\"username\": \"a\", ", "invalid-json" },
        { ApiPaths.Register, "[]", "invalid-body" },
        { ApiPaths.Register, "\"alice\"", "invalid-body" },
        { ApiPaths.Register, "{}", "invalid-body" },
        { ApiPaths.Register, """{"username":"alice"}""", "invalid-body" },
        { ApiPaths.Register, """{"password":"long enough"}""", "invalid-body" },
        { ApiPaths.Register, """{"username":5,"password":"long enough"}""", "invalid-body" },
        { ApiPaths.Register, """{"username":null,"password":"long enough"}""", "invalid-body" },
        { ApiPaths.Register, """{"username":["alice"],"password":"long enough"}""", "invalid-body" },
        { ApiPaths.Register, """{"username":"alice","password":12345678}""", "invalid-body" },
        { ApiPaths.Register, """{"username":"alice","username":"bob","password":"long enough"}""", "invalid-json" },
        { ApiPaths.Register, """{"username":"","password":"long enough"}""", "invalid-username" },
        { ApiPaths.Register, """{"username":"al ice","password":"long enough"}""", "invalid-username" },
        { ApiPaths.Register, """{"username":"a\u0000b","password":"long enough"}""", "invalid-username" },
        { ApiPaths.Register, """{"username":"a\nb","password":"long enough"}""", "invalid-username" },
        { ApiPaths.Register, """{"username":"a\u202Eb","password":"long enough"}""", "invalid-username" },
        { ApiPaths.Register, """{"username":"a/b","password":"long enough"}""", "invalid-username" },
        { ApiPaths.Register, """{"username":"a#b?c","password":"long enough"}""", "invalid-username" },
        { ApiPaths.Register, """{"username":"\ud800x","password":"long enough"}""", "invalid-json" },
        { ApiPaths.Register, """{"username":"\uFDFA","password":"long enough"}""", "invalid-username" },
        { ApiPaths.Register, $$"""{"username":"{{new string('a', 65)}}","password":"long enough"}""", "invalid-username" },
        { ApiPaths.Register, $$"""{"username":"{{Huge}}","password":"long enough"}""", "invalid-body" },
        { ApiPaths.Register, $$"""{"username":"alice","password":"{{Huge}}"}""", "invalid-body" },
        { ApiPaths.Register, """{"username":"alice","password":"short"}""", "invalid-password" },
        { ApiPaths.Login, "not json", "invalid-json" },
        { ApiPaths.Login, "{}", "invalid-body" },
        { ApiPaths.Login, """{"username":"alice"}""", "invalid-body" },
        { ApiPaths.Login, """{"username":"alice","password":true}""", "invalid-body" },
        { ApiPaths.Login, """{"username":"alice","password":"long enough","remember":"yes"}""", "invalid-body" },
        { ApiPaths.Login, """{"username":"alice","password":"long enough","returnToken":1}""", "invalid-body" },
        { ApiPaths.Login, """{"username":"a\tb","password":"long enough"}""", "invalid-username" },
        { ApiPaths.Login, $$"""{"username":"{{Huge}}","password":"long enough"}""", "invalid-body" },
        { ApiPaths.Login, """{"username":"alice","password":""}""", "invalid-password" },
        { ApiPaths.Login, $$"""{"username":"alice","password":"{{new string('p', 129)}}"}""", "invalid-password" },
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
    [InlineData(ApiPaths.Register, "text/plain")]
    [InlineData(ApiPaths.Register, "application/x-www-form-urlencoded")]
    [InlineData(ApiPaths.Login, "multipart/form-data")]
    [InlineData(ApiPaths.Login, null)]
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
