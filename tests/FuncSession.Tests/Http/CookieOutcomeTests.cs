using System.Security.Cryptography;
using FuncSession.Http;
using FuncSession.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace FuncSession.Tests.Http;

/// <summary>
/// Every cookie case of a request, decided by <see cref="CookieOutcome.Decide"/> and written by
/// <see cref="SessionCookies"/> on a plain <see cref="DefaultHttpContext"/>: what the Set-Cookie
/// header of the answer says for each way a request can name its session and each thing that can
/// happen to that session.
/// </summary>
public sealed class CookieOutcomeTests
{
    private const string MaxAgeOfPermanent = "max-age=2678400";

    private static readonly IOptions<SessionOptions> Options = Microsoft.Extensions.Options.Options.Create(
        new SessionOptions { SigningKeys = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) });

    private static readonly SessionTokenCodec Codec = new(new SigningKeyRing(Options));

    private readonly SessionId _presented = Codec.NewId();
    private readonly SessionId _issued = Codec.NewId();

    public enum Credential
    {
        None,
        ValidCookie,
        ForgedCookie,
        ValidBearer,
        ForgedBearer,
    }

    public enum Happened
    {
        NotLooked,
        Absent,
        Live,
        LifetimeChanged,
        Issued,
        Ended,
    }

    public static TheoryData<Credential, Happened, bool, string> Cases => new()
    {
        // credential, what happened, permanent, expected Set-Cookie ("" = none; "issued"/"presented" = that token)
        { Credential.None, Happened.NotLooked, false, "" },
        { Credential.None, Happened.Absent, false, "" },
        { Credential.None, Happened.Issued, false, "issued" },
        { Credential.None, Happened.Issued, true, "issued permanent" },
        { Credential.ValidCookie, Happened.NotLooked, false, "" },
        { Credential.ValidCookie, Happened.Absent, false, "clear" },
        { Credential.ValidCookie, Happened.Ended, false, "clear" },
        { Credential.ValidCookie, Happened.Live, false, "" },
        { Credential.ValidCookie, Happened.Live, true, "presented permanent" },
        { Credential.ValidCookie, Happened.LifetimeChanged, true, "presented permanent" },
        { Credential.ValidCookie, Happened.LifetimeChanged, false, "presented" },
        { Credential.ValidCookie, Happened.Issued, false, "issued" },
        { Credential.ValidCookie, Happened.Issued, true, "issued permanent" },
        { Credential.ForgedCookie, Happened.NotLooked, false, "clear" },
        { Credential.ForgedCookie, Happened.Absent, false, "clear" },
        { Credential.ForgedCookie, Happened.Issued, false, "issued" },
        { Credential.ValidBearer, Happened.Live, true, "" },
        { Credential.ValidBearer, Happened.Absent, false, "" },
        { Credential.ValidBearer, Happened.Ended, false, "" },
        { Credential.ValidBearer, Happened.LifetimeChanged, true, "" },
        { Credential.ValidBearer, Happened.Issued, false, "issued" },
        { Credential.ForgedBearer, Happened.NotLooked, false, "" },
        { Credential.ForgedBearer, Happened.Issued, true, "issued permanent" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void TheAnswerSetsTheCookieThatTheRequestAndItsOutcomeCallFor(
        Credential credential, Happened happened, bool permanent, string expected)
    {
        var context = new DefaultHttpContext();
        var credentials = credential switch
        {
            Credential.ValidCookie => new SessionCredentials(CredentialSource.Cookie, _presented),
            Credential.ForgedCookie => new SessionCredentials(CredentialSource.Cookie, null),
            Credential.ValidBearer => new SessionCredentials(CredentialSource.Bearer, _presented),
            Credential.ForgedBearer => new SessionCredentials(CredentialSource.Bearer, null),
            _ => default,
        };
        var request = new SessionRequest(context.Request, credentials);
        switch (happened)
        {
            case Happened.Absent:
                request.Saw((FuncSession.Sessions.SessionRecord?)null);
                break;
            case Happened.Live:
                request.Saw(new FuncSession.Sessions.SessionRecord { Key = _presented.Key, Permanent = permanent });
                break;
            case Happened.LifetimeChanged:
                request.LifetimeChanged(permanent);
                break;
            case Happened.Issued:
                request.Issue(_issued, permanent);
                break;
            case Happened.Ended:
                request.Ended();
                break;
        }

        new SessionCookies(Options).Write(context.Response, request.CookieOutcome);

        var header = context.Response.Headers.SetCookie.ToString();
        var words = expected.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        switch (words.FirstOrDefault())
        {
            case null:
                Assert.Equal("", header);
                break;
            case "clear":
                Assert.StartsWith("session=;", header, StringComparison.Ordinal);
                Assert.Contains("max-age=0", header, StringComparison.OrdinalIgnoreCase);
                break;
            default:
                var token = words[0] == "issued" ? _issued.Token : _presented.Token;
                Assert.StartsWith($"session={token};", header, StringComparison.Ordinal);
                Assert.Contains("httponly", header, StringComparison.OrdinalIgnoreCase);
                Assert.Contains("path=/", header, StringComparison.OrdinalIgnoreCase);
                Assert.Contains("samesite=lax", header, StringComparison.OrdinalIgnoreCase);
                Assert.Equal(words.Contains("permanent"), header.Contains(MaxAgeOfPermanent, StringComparison.OrdinalIgnoreCase));
                break;
        }
        Assert.Single(context.Response.Headers.SetCookie.Where(v => !string.IsNullOrEmpty(v)).DefaultIfEmpty(""));
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void ALiveSessionsCookieSignedByARetiredKeyIsIssuedAgainUnderTheSigningKey(bool permanent, bool lifetimeChanged)
    {
        var (old, renewed) = PresentedUnderRetiredKey();
        var context = new DefaultHttpContext();
        var request = new SessionRequest(context.Request, new SessionCredentials(CredentialSource.Cookie, old));
        if (lifetimeChanged)
        {
            request.LifetimeChanged(permanent);
        }
        else
        {
            request.Saw(new FuncSession.Sessions.SessionRecord { Key = old.Key, Permanent = permanent });
        }

        new SessionCookies(Options).Write(context.Response, request.CookieOutcome);

        var header = context.Response.Headers.SetCookie.ToString();
        Assert.StartsWith($"session={renewed};", header, StringComparison.Ordinal);
        Assert.Equal(permanent, header.Contains(MaxAgeOfPermanent, StringComparison.OrdinalIgnoreCase));
        Assert.Null(request.RenewedBearerToken);
    }

    [Fact]
    public void AnAbsentSessionsCookieSignedByARetiredKeyIsClearedNotRenewed()
    {
        var (old, _) = PresentedUnderRetiredKey();
        var request = new SessionRequest(new DefaultHttpContext().Request, new SessionCredentials(CredentialSource.Cookie, old));
        request.Saw((FuncSession.Sessions.SessionRecord?)null);

        Assert.Equal(CookieOutcome.Clear, request.CookieOutcome);
    }

    [Fact]
    public void ABearerTokenSignedByARetiredKeyIsRenewedOutsideTheCookie()
    {
        var (old, renewed) = PresentedUnderRetiredKey();
        var request = new SessionRequest(new DefaultHttpContext().Request, new SessionCredentials(CredentialSource.Bearer, old));
        request.Saw(new FuncSession.Sessions.SessionRecord { Key = old.Key });

        Assert.Equal(CookieOutcome.LeaveAlone, request.CookieOutcome);
        Assert.Equal(renewed, request.RenewedBearerToken);
    }

    [Fact]
    public void ACookieSignedByTheSigningKeyIsNotRenewed()
    {
        Assert.True(Codec.TryRead(_presented.Token, out var id));
        var request = new SessionRequest(new DefaultHttpContext().Request, new SessionCredentials(CredentialSource.Cookie, id));
        request.Saw(new FuncSession.Sessions.SessionRecord { Key = id.Key });

        Assert.Null(id.Renewed);
        Assert.Equal(CookieOutcome.LeaveAlone, request.CookieOutcome);
    }

    /// <summary>A token signed by the key the ring now holds second, read through the ring; and the same id signed by the signing key.</summary>
    private static (SessionId Old, string Renewed) PresentedUnderRetiredKey()
    {
        var oldKey = RandomNumberGenerator.GetBytes(32);
        var newKey = RandomNumberGenerator.GetBytes(32);
        var issued = new SessionTokenCodec(SigningKeyRing.Create(oldKey)).NewId();
        var ring = new SessionTokenCodec(SigningKeyRing.Create(newKey, oldKey));
        Assert.True(ring.TryRead(issued.Token, out var old));
        Assert.NotNull(old.Renewed);
        Assert.NotEqual(issued.Token, old.Renewed);
        Assert.True(new SessionTokenCodec(SigningKeyRing.Create(newKey)).TryRead(old.Renewed, out var underNew));
        Assert.Equal(old.Key, underNew.Key);
        return (old, old.Renewed!);
    }
}
