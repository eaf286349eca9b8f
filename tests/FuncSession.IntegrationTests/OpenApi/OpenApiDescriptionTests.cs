using System.Net;
using System.Text.RegularExpressions;
using FuncSession.Functions;
using FuncSession.Http;
using FuncSession.Testing;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace FuncSession.IntegrationTests.OpenApi;

/// <summary>
/// <c>GET /api/openapi.json</c> and <c>GET /api/reference</c>: the description is valid OpenAPI 3.1,
/// names exactly the routes the app serves and every problem type the code answers. (That every
/// answer matches it is checked on every request the integration tests make.)
/// </summary>
public sealed partial class OpenApiDescriptionTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private readonly HttpClient _client = fixture.Api.CreateRawClient();

    private async Task<(OpenApiDocument Document, OpenApiDiagnostic Diagnostic)> ReadServedAsync()
    {
        using var answer = await _client.GetAsync(ApiPaths.OpenApi);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("application/json", answer.Content.Headers.ContentType?.MediaType);
        var (document, diagnostic) = OpenApiDocument.Parse(await answer.Content.ReadAsStringAsync(), OpenApiConstants.Json);
        return (document!, diagnostic!);
    }

    [Fact]
    public async Task TheServedDescriptionIsValidOpenApi31()
    {
        var (document, diagnostic) = await ReadServedAsync();

        Assert.Empty(diagnostic.Errors);
        Assert.Equal(OpenApiSpecVersion.OpenApi3_1, diagnostic.SpecificationVersion);
        Assert.Empty(document.Validate(ValidationRuleSet.GetDefaultRuleSet()) ?? []);
        Assert.Equal("/api", Assert.Single(document.Servers!).Url);
    }

    [Fact]
    public async Task TheDescriptionHasEveryRouteOfTheAppAndNoOther()
    {
        var (document, _) = await ReadServedAsync();

        var described = document.Paths
            .SelectMany(path => path.Value.Operations!.Keys.Select(method => $"{method.Method.ToUpperInvariant()} {path.Key}"))
            .Order(StringComparer.Ordinal);
        var served = ApiRoutes.All.Select(route => $"{route.Verb.ToUpperInvariant()} /{route.Template}").Order(StringComparer.Ordinal);

        Assert.Equal(served, described);
    }

    [Fact]
    public async Task EveryProblemTypeTheCodeAnswersIsInTheProblemSchemaAndNoOther()
    {
        var (document, _) = await ReadServedAsync();
        var source = Directory.EnumerateFiles(RepositoryRoot.Combine("src"), "*.cs", SearchOption.AllDirectories)
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText);
        var answered = source.SelectMany(text => ProblemSlug().Matches(text).Select(match => Problems.TypePrefix + match.Groups[1].Value))
            .ToHashSet(StringComparer.Ordinal);

        var listed = document.Components!.Schemas!["Problem"].Properties!["type"].Enum!.Select(value => value!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);

        Assert.True(answered.Count >= 20, $"Only {answered.Count} problem types found in the source: the pattern no longer matches how problems are made.");
        Assert.Equal(answered.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AClientWithTheCurrentCopyIsAnswered304()
    {
        using var first = await _client.GetAsync(ApiPaths.OpenApi);
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);

        using var again = new HttpRequestMessage(HttpMethod.Get, ApiPaths.OpenApi);
        again.Headers.IfNoneMatch.Add(etag);
        using var second = await _client.SendAsync(again);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Equal(etag, second.Headers.ETag);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task TheReferencePageLoadsNothingFromElsewhereAndRunsUnderItsNonce()
    {
        using var answer = await _client.GetAsync(ApiPaths.Reference);
        var html = await answer.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("text/html", answer.Content.Headers.ContentType?.MediaType);
        var policy = string.Join(";", answer.Headers.GetValues("Content-Security-Policy"));
        var nonce = NonceOf().Match(policy).Groups[1].Value;
        Assert.NotEmpty(nonce);
        Assert.Contains($"<script nonce=\"{nonce}\">", html, StringComparison.Ordinal);
        Assert.Contains($"<style nonce=\"{nonce}\">", html, StringComparison.Ordinal);
        Assert.DoesNotContain("{{nonce}}", html, StringComparison.Ordinal);
        Assert.DoesNotMatch(ExternalLoad(), html);
        Assert.Contains("fetch(\"openapi.json\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheDemoPageLinksToTheReference()
    {
        using var answer = await _client.GetAsync(ApiPaths.Demo);

        Assert.Contains("href=\"reference\"", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>How the code makes a problem: <c>Create(status, "slug", …</c>.</summary>
    [GeneratedRegex("""Create\(\s*(?:\d+|status)\s*,\s*"([a-z-]+)"\s*,""")]
    private static partial Regex ProblemSlug();

    [GeneratedRegex("script-src 'nonce-([^']+)'")]
    private static partial Regex NonceOf();

    /// <summary>A script, style sheet, image or frame from an address: the page must load nothing.</summary>
    [GeneratedRegex("""(src|href)\s*=\s*["']?(https?:)?//|<link\b|@import""", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalLoad();
}
