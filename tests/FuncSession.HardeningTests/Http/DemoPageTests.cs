using System.Net;
using System.Text.RegularExpressions;
using FuncSession.Testing;

namespace FuncSession.HardeningTests.Http;

/// <summary>The demo page is self-contained and locked down by its Content-Security-Policy.</summary>
public sealed partial class DemoPageTests : IAsyncLifetime
{
    private TestApi _api = null!;

    public async Task InitializeAsync() => _api = await TestApi.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [GeneratedRegex("<(script|style)\\b[^>]*\\bnonce=\"([^\"]+)\"", RegexOptions.CultureInvariant)]
    private static partial Regex NonceAttribute();

    [Fact]
    public async Task ThePageIsServedWithAStrictPolicyAndAFreshNonceEachTime()
    {
        using var client = _api.CreateRawClient();

        using var first = await client.GetAsync("demo");
        using var second = await client.GetAsync("demo");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("text/html", first.Content.Headers.ContentType?.MediaType);
        first.AssertNoStore();
        var policy = first.Headers.GetValues("Content-Security-Policy").Single();
        foreach (var directive in new[] { "default-src 'none'", "connect-src 'self'", "form-action 'self'", "frame-ancestors 'none'", "base-uri 'none'" })
        {
            Assert.Contains(directive, policy, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", policy, StringComparison.Ordinal);

        var html = await first.Content.ReadAsStringAsync();
        var nonces = NonceAttribute().Matches(html).Select(m => m.Groups[2].Value).Distinct().ToList();
        var nonce = Assert.Single(nonces);
        Assert.Contains($"script-src 'nonce-{nonce}'", policy, StringComparison.Ordinal);
        Assert.Contains($"style-src 'nonce-{nonce}'", policy, StringComparison.Ordinal);
        Assert.Equal(2, NonceAttribute().Matches(html).Count);
        Assert.NotEqual(policy, second.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task ThePageLoadsNothingFromElsewhereAndHasNoInlineHandlers()
    {
        using var client = _api.CreateRawClient();

        var html = await client.GetStringAsync("demo");

        // One same-origin link, to the API reference, and nothing that loads or posts anywhere.
        Assert.DoesNotMatch("(src|action)\\s*=|href\\s*=(?!\"reference\")", html);
        Assert.DoesNotMatch("\\son[a-z]+\\s*=", html);
        Assert.DoesNotContain("style=\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("{{nonce}}", html, StringComparison.Ordinal);
    }
}
