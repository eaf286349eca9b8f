using FuncSession.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace FuncSession.Tests.Http;

public sealed class CrossSiteGuardTests
{
    private static readonly CrossSiteGuard Guard = new(Options.Create(new SessionOptions
    {
        AllowedOrigins = "https://app.example.com, http://localhost:5173",
    }));

    private static HttpRequest Request(string? origin = null, string? fetchSite = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Scheme = "https";
        context.Request.Host = new HostString("api.example.com");
        if (origin is not null)
        {
            context.Request.Headers.Origin = origin;
        }
        if (fetchSite is not null)
        {
            context.Request.Headers["Sec-Fetch-Site"] = fetchSite;
        }
        return context.Request;
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("https://api.example.com", null)]
    [InlineData("HTTPS://API.EXAMPLE.COM", null)]
    [InlineData("https://app.example.com", "cross-site")]
    [InlineData("http://localhost:5173", null)]
    [InlineData(null, "same-origin")]
    [InlineData(null, "same-site")]
    [InlineData(null, "none")]
    public void SameOriginAllowedOriginsAndNonBrowsersPass(string? origin, string? fetchSite) =>
        Assert.True(Guard.Allows(Request(origin, fetchSite)));

    [Theory]
    [InlineData("https://evil.example", null)]
    [InlineData("null", null)]
    [InlineData("http://api.example.com", null)]
    [InlineData("https://api.example.com:8443", null)]
    [InlineData("https://app.example.com.evil", null)]
    [InlineData(null, "cross-site")]
    [InlineData("https://evil.example", "same-origin")]
    public void OtherOriginsAndCrossSiteFetchesAreRefused(string? origin, string? fetchSite) =>
        Assert.False(Guard.Allows(Request(origin, fetchSite)));

    [Theory]
    [InlineData("GET", false)]
    [InlineData("HEAD", false)]
    [InlineData("OPTIONS", false)]
    [InlineData("POST", true)]
    [InlineData("PUT", true)]
    [InlineData("PATCH", true)]
    [InlineData("DELETE", true)]
    public void UnsafeMethodsAreTheOnesThatChangeState(string method, bool unsafeMethod) =>
        Assert.Equal(unsafeMethod, CrossSiteGuard.IsUnsafe(method));
}
