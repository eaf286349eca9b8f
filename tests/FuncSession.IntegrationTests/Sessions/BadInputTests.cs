using System.Net;
using System.Net.Http.Headers;
using Azure.Data.Tables;
using FuncSession.Testing;

namespace FuncSession.IntegrationTests.Sessions;

/// <summary>Bad input gets a 4xx problem and changes nothing; never a 500.</summary>
/// <remarks>The tests share one API; each starts with a session of its own and a snapshot of the table.</remarks>
public sealed class BadInputTests(ApiFixture fixture) : IClassFixture<ApiFixture>, IAsyncLifetime
{
    private readonly TestApi _api = fixture.Api;
    private readonly HttpClient _client = fixture.Api.CreateClient();
    private string _before = "";

    public async Task InitializeAsync()
    {
        (await _client.PutAsync(ApiPaths.Value("keep"), HttpAssertions.Json("""{"a":1}"""))).Dispose();
        _before = await SnapshotAsync();
    }

    public Task DisposeAsync()
    {
        _client.Dispose();
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData("bad%20key")]
    [InlineData("sl%5Cash")]
    [InlineData("%C3%A9t%C3%A9")]
    [InlineData("semi%3Bcolon")]
    [InlineData("quote%22")]
    [InlineData("tab%09")]
    [InlineData("emoji%F0%9F%98%80")]
    public async Task AnInvalidKeyIsABadRequestOnEveryMethod(string key)
    {
        using var get = await _client.GetAsync($"session/values/{key}");
        using var put = await _client.PutAsync($"session/values/{key}", HttpAssertions.Json("1"));
        using var delete = await _client.DeleteAsync($"session/values/{key}");

        await get.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-key");
        await put.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-key");
        await delete.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-key");
        get.AssertNoStore();
        Assert.Equal(_before, await SnapshotAsync());
    }

    [Fact]
    public async Task AKeyOf129CharactersIsABadRequest()
    {
        using var put = await _client.PutAsync($"session/values/{new string('a', 129)}", HttpAssertions.Json("1"));

        await put.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-key");
        Assert.Equal(_before, await SnapshotAsync());
    }

    [Fact]
    public async Task AnEncodedNulInThePathIsRefusedByTheServerWithoutAnError()
    {
        using var get = await _client.GetAsync("session/values/nul%00");

        Assert.Equal(HttpStatusCode.BadRequest, get.StatusCode);
        Assert.Equal(_before, await SnapshotAsync());
    }

    [Fact]
    public async Task AKeyOfExactly128AllowedCharactersIsAccepted()
    {
        var key = string.Concat(Enumerable.Repeat("aZ9._:-", 19))[..128];

        using var put = await _client.PutAsync($"session/values/{key}", HttpAssertions.Json("1"));

        Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("{\"a\":1,}")]
    [InlineData("undefined")]
    [InlineData("'single'")]
    [InlineData("{\"a\":1,\"a\":2}")]
    [InlineData("\"\\ud800\"")]
    [InlineData("1 2")]
    [InlineData("NaN")]
    public async Task ABodyThatIsNotJsonIsABadRequest(string body)
    {
        using var put = await _client.PutAsync(ApiPaths.Value("keep"), HttpAssertions.Json(body));
        using var patch = await _client.PatchAsync("session", HttpAssertions.Json(body));

        await put.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-json");
        await patch.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-json");
        Assert.Equal(_before, await SnapshotAsync());
    }

    [Fact]
    public async Task InvalidUtf8IsABadRequest()
    {
        var content = new ByteArrayContent([0x22, 0xC3, 0x28, 0x22]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var put = await _client.PutAsync(ApiPaths.Value("keep"), content);

        await put.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-json");
        Assert.Equal(_before, await SnapshotAsync());
    }

    [Fact]
    public async Task NestingDeeperThanTheLimitIsABadRequest()
    {
        var deep = new string('[', 100) + new string(']', 100);

        using var put = await _client.PutAsync(ApiPaths.Value("keep"), HttpAssertions.Json(deep));

        await put.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-json");
        Assert.Equal(_before, await SnapshotAsync());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    public async Task AWrongContentTypeIsUnsupported(string? mediaType)
    {
        using var put = await _client.PutAsync(ApiPaths.Value("keep"), Content("1", mediaType));
        using var patch = await _client.PatchAsync("session", Content("""{"values":{"a":1}}""", mediaType));

        await put.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
        await patch.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
        Assert.Equal(_before, await SnapshotAsync());
    }

    [Theory]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("APPLICATION/JSON")]
    [InlineData("Application/Json; Charset=UTF-8")]
    public async Task MediaTypeParametersAndCaseAreIgnored(string mediaType)
    {
        using var put = await _client.PutAsync(ApiPaths.Value("fresh"), Content("1", mediaType));

        Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
    }

    [Fact]
    public async Task PutDoesNotTakeMergePatchButPatchDoes()
    {
        using var put = await _client.PutAsync(ApiPaths.Value("keep"), Content("1", "application/merge-patch+json"));
        using var patch = await _client.PatchAsync("session", Content("""{"values":{"x":1}}""", "application/merge-patch+json"));

        await put.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("1")]
    [InlineData("null")]
    [InlineData("{\"values\":[]}")]
    [InlineData("{\"values\":null}")]
    [InlineData("{\"values\":\"x\"}")]
    [InlineData("{\"permanent\":\"yes\"}")]
    [InlineData("{\"permanent\":1}")]
    [InlineData("{\"permanent\":null}")]
    [InlineData("{\"values\":{\"bad key\":1}}")]
    public async Task APatchOfTheWrongShapeIsABadRequest(string body)
    {
        using var patch = await _client.PatchAsync("session", HttpAssertions.Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, patch.StatusCode);
        Assert.Equal("application/problem+json", patch.Content.Headers.ContentType?.MediaType);
        Assert.Equal(_before, await SnapshotAsync());
    }

    [Fact]
    public async Task HugeNumbersAndOddUnicodeAreKeptExactly()
    {
        const string json = """{"n":123456789012345678901234567890e-300,"s":"\u0000\u001f\u2028\u2029\uFEFF\uD83D\uDE00 \u00e9"}""";

        using var put = await _client.PutAsync(ApiPaths.Value("odd"), HttpAssertions.Json(json));
        using var get = await _client.GetAsync(ApiPaths.Value("odd"));

        Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        var body = await get.ReadJsonAsync();
        Assert.Equal("123456789012345678901234567890e-300", body.GetProperty("n").GetRawText());
        Assert.Equal("\u0000\u001f\u2028\u2029\uFEFF\uD83D\uDE00 \u00e9", body.GetProperty("s").GetString());
    }

    private static ByteArrayContent Content(string text, string? mediaType)
    {
        var content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(text));
        if (mediaType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", mediaType);
        }
        return content;
    }

    private async Task<string> SnapshotAsync()
    {
        var entities = new List<string>();
        await foreach (var entity in _api.Table("Sessions").QueryAsync<TableEntity>())
        {
            entities.Add(string.Join(",", entity.OrderBy(p => p.Key).Select(p => p.Key + "=" + (p.Value is byte[] b ? Convert.ToBase64String(b) : p.Value))));
        }
        return string.Join("\n", entities.Order());
    }
}
