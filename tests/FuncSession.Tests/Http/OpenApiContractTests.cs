using System.Net;
using System.Text;
using FuncSession.Testing;

namespace FuncSession.Tests.Http;

/// <summary>
/// The checker every integration test's client runs its answers through: it must refuse what the
/// description does not allow, or every test that relies on it passes for nothing.
/// </summary>
public sealed class OpenApiContractTests
{
    private static readonly Uri Root = new("http://127.0.0.1:5000/api/");

    private static IReadOnlyList<string> Check(string method, string path, HttpStatusCode status, string? json = null,
        string mediaType = "application/json", params (string Name, string Value)[] headers)
    {
        using var response = Answer(status, json, mediaType, headers);
        return OpenApiContract.Default.Check(Root, method, new Uri(Root, path), response, json is null ? [] : Encoding.UTF8.GetBytes(json));
    }

    private static HttpResponseMessage Answer(HttpStatusCode status, string? json, string mediaType, params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage(status) { Content = json is null ? new ByteArrayContent([]) : new StringContent(json, Encoding.UTF8, mediaType) };
        if (json is null)
        {
            response.Content.Headers.ContentType = null;
        }
        foreach (var (name, value) in headers)
        {
            if (!response.Headers.TryAddWithoutValidation(name, value))
            {
                response.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }
        return response;
    }

    private static readonly (string, string) NoStore = ("Cache-Control", "no-store");

    [Fact]
    public void AnAnswerAsDescribedPasses()
    {
        Assert.Empty(Check("GET", "health", HttpStatusCode.OK, """{"status":"healthy"}""", headers: NoStore));
        Assert.Empty(Check("GET", "auth/me", HttpStatusCode.OK,
            """{"username":"alice","authenticatedAt":"2026-11-27T10:00:00Z","expiresAt":"2026-11-27T10:20:00Z","permanent":false}""", headers: NoStore));
        Assert.Empty(Check("DELETE", "session/values/k", HttpStatusCode.NoContent, headers: NoStore));
    }

    [Fact]
    public void AStatusTheRouteDoesNotDocumentIsCaught()
    {
        var problems = Check("GET", "session", HttpStatusCode.Conflict,
            """{"type":"urn:funcsession:problem:username-taken","title":"t","status":409,"detail":"d"}""", "application/problem+json", NoStore);

        Assert.Contains(problems, p => p.Contains("409 is not documented for GET /session", StringComparison.Ordinal));
    }

    [Fact]
    public void AnExtraPropertyInAClosedObjectIsCaught()
    {
        var problems = Check("GET", "health", HttpStatusCode.OK, """{"status":"healthy","extra":1}""", headers: NoStore);

        Assert.Contains(problems, p => p.Contains("does not meet its schema", StringComparison.Ordinal));
    }

    [Fact]
    public void APropertyOfTheWrongTypeIsCaught()
    {
        var problems = Check("GET", "auth/me", HttpStatusCode.OK,
            """{"username":"alice","authenticatedAt":null,"expiresAt":"2026-11-27T10:20:00Z","permanent":"yes"}""", headers: NoStore);

        Assert.Contains(problems, p => p.Contains("does not meet its schema", StringComparison.Ordinal) && p.Contains("/permanent", StringComparison.Ordinal));
    }

    [Fact]
    public void ATimeThatIsNoDateTimeIsCaught()
    {
        var problems = Check("GET", "auth/me", HttpStatusCode.OK,
            """{"username":"alice","authenticatedAt":null,"expiresAt":"tomorrow","permanent":false}""", headers: NoStore);

        Assert.Contains(problems, p => p.Contains("/expiresAt", StringComparison.Ordinal));
    }

    [Fact]
    public void AProblemTypeTheStatusDoesNotDocumentIsCaught()
    {
        var problems = Check("GET", "session/values/k", HttpStatusCode.NotFound,
            """{"type":"urn:funcsession:problem:invalid-key","title":"t","status":404,"detail":"d"}""", "application/problem+json", NoStore);

        Assert.Contains(problems, p => p.Contains("problem type urn:funcsession:problem:invalid-key is not one this answer lists", StringComparison.Ordinal));
    }

    [Fact]
    public void AProblemWhoseStatusIsNotTheAnswersIsCaught()
    {
        var problems = Check("GET", "session/values/k", HttpStatusCode.NotFound,
            """{"type":"urn:funcsession:problem:no-session","title":"t","status":400,"detail":"d"}""", "application/problem+json", NoStore);

        Assert.Contains(problems, p => p.Contains("the problem says status 400", StringComparison.Ordinal));
    }

    [Fact]
    public void AProblemTypeThatDoesNotExistIsCaught()
    {
        var problems = Check("GET", "no-such-route", HttpStatusCode.NotFound,
            """{"type":"urn:funcsession:problem:no-such-type","title":"t","status":404,"detail":"d"}""", "application/problem+json");

        Assert.Contains(problems, p => p.Contains("does not meet its schema", StringComparison.Ordinal));
    }

    [Fact]
    public void AMissingRequiredHeaderIsCaught()
    {
        var problems = Check("PUT", "session/values/k", HttpStatusCode.TooManyRequests,
            """{"type":"urn:funcsession:problem:rate-limited","title":"t","status":429,"detail":"d"}""", "application/problem+json", NoStore);

        Assert.Contains(problems, p => p.Contains("Retry-After is missing", StringComparison.Ordinal));
    }

    [Fact]
    public void AContentTypeTheDescriptionDoesNotNameIsCaught()
    {
        var problems = Check("GET", "health", HttpStatusCode.OK, """{"status":"healthy"}""", "text/plain", NoStore);

        Assert.Contains(problems, p => p.Contains("content type text/plain is not documented", StringComparison.Ordinal));
    }

    [Fact]
    public void ABodyWhereTheDescriptionHasNoneIsCaught()
    {
        var problems = Check("DELETE", "session", HttpStatusCode.NoContent, """{}""", headers: NoStore);

        Assert.Contains(problems, p => p.Contains("has no body here", StringComparison.Ordinal));
    }

    [Fact]
    public void AWrongMethodMustBeA405ThatAllowsExactlyTheDescribedMethods()
    {
        const string Problem = """{"type":"urn:funcsession:problem:method-not-allowed","title":"t","status":405,"detail":"d"}""";

        Assert.Empty(Check("POST", "session", HttpStatusCode.MethodNotAllowed, Problem, "application/problem+json", NoStore, ("Allow", "DELETE, GET, PATCH")));
        Assert.Contains(Check("POST", "session", HttpStatusCode.MethodNotAllowed, Problem, "application/problem+json", NoStore, ("Allow", "GET")),
            p => p.Contains("Allow is 'GET'", StringComparison.Ordinal));
        Assert.NotEmpty(Check("POST", "session", HttpStatusCode.OK, "{}", headers: NoStore));
    }

    [Fact]
    public void AnUnknownPathMustAnswer404WithNoBodyOrAProblem()
    {
        Assert.Empty(Check("GET", "no-such-route", HttpStatusCode.NotFound));
        Assert.NotEmpty(Check("GET", "no-such-route", HttpStatusCode.OK));
        Assert.NotEmpty(Check("GET", "no-such-route", HttpStatusCode.NotFound, """{"error":"x"}""", "application/problem+json"));
    }

    [Fact]
    public void ABare400PassesOnlyAsTheServersRefusalOnAClosedConnection()
    {
        Assert.Empty(Check("GET", "session/values/nul%00", HttpStatusCode.BadRequest, headers: ("Connection", "close")));
        Assert.Empty(Check("GET", "session", HttpStatusCode.RequestHeaderFieldsTooLarge, headers: ("Connection", "close")));
        Assert.NotEmpty(Check("GET", "session/values/nul%00", HttpStatusCode.BadRequest, headers: NoStore));
    }

    [Fact]
    public void APathWithATrailingSlashIsCheckedAsThePathWithoutIt()
    {
        const string Empty = """{"values":{},"permanent":false,"user":null,"createdAt":null,"expiresAt":null}""";

        Assert.Empty(Check("GET", "session/", HttpStatusCode.OK, Empty, headers: NoStore));
        Assert.NotEmpty(Check("GET", "session/", HttpStatusCode.OK, """{"values":{}}""", headers: NoStore));
    }

    [Fact]
    public void AHeadAnswerIsCheckedForEverythingButItsBody()
    {
        using var response = Answer(HttpStatusCode.MethodNotAllowed, "", "application/problem+json", NoStore, ("Allow", "GET"));

        Assert.Empty(OpenApiContract.Default.Check(Root, "HEAD", new Uri(Root, "health"), response, []));
        Assert.NotEmpty(OpenApiContract.Default.Check(Root, "HEAD", new Uri(Root, "session"), response, []));
    }

    [Fact]
    public void PathsOutsideTheApiAreNotChecked()
    {
        using var response = Answer(HttpStatusCode.Accepted, null, "application/json");

        Assert.Empty(OpenApiContract.Default.Check(Root, "POST", new Uri("http://127.0.0.1:5000/admin/functions/SessionCleanup"), response, []));
    }

    [Fact]
    public async Task TheHandlerFailsTheRequestThatReceivedAnUndocumentedAnswer()
    {
        using var client = new HttpClient(new ContractCheckingHandler(new FixedAnswer(HttpStatusCode.Conflict), Root)) { BaseAddress = Root };

        var failure = await Assert.ThrowsAsync<ContractViolationException>(() => client.GetAsync("session"));

        Assert.Contains("409 is not documented", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheHandlerLeavesTheBodyReadableForTheTest()
    {
        using var client = new HttpClient(new ContractCheckingHandler(new FixedAnswer(HttpStatusCode.OK, """{"status":"healthy"}"""), Root)) { BaseAddress = Root };

        using var answer = await client.GetAsync("health");

        Assert.Equal("""{"status":"healthy"}""", await answer.Content.ReadAsStringAsync());
    }

    /// <summary>A server that always gives the same answer, without a network.</summary>
    private sealed class FixedAnswer(HttpStatusCode status, string? json = null) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = Answer(status, json, "application/json", NoStore);
            response.RequestMessage = request;
            return Task.FromResult(response);
        }
    }
}
