using FuncSession.Accounts;
using FuncSession.Sessions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace FuncSession.Http;

/// <summary>
/// The account endpoints of the HTTP contract: register, log in and out, who am I, my sessions,
/// change password, delete account.
/// They run inside <see cref="SessionPipeline"/>, so the cross-site rules, no-store and the
/// cookie handling apply to them as to the session endpoints. Once an endpoint that changes state
/// has checked its input, it works on with <see cref="CancellationToken.None"/>: a change once begun
/// runs to its end even if the client goes away.
/// </summary>
public sealed class AuthEndpoints
{
    private readonly SessionPipeline _pipeline;
    private readonly SessionService _sessions;
    private readonly AccountService _accounts;
    private readonly AccountSessions _accountSessions;
    private readonly RequestLimits _limits;
    private readonly ClientAddresses _addresses;
    private readonly bool _registrationEnabled;

    /// <summary>Sessions per page of <c>GET /api/auth/sessions</c> when the client does not say.</summary>
    public const int DefaultPageSize = 20;

    /// <summary>The most sessions per page a client may ask for.</summary>
    public const int MaxPageSize = 100;

    internal AuthEndpoints(
        SessionPipeline pipeline,
        SessionService sessions,
        AccountService accounts,
        AccountSessions accountSessions,
        RequestLimits limits,
        ClientAddresses addresses,
        IOptions<AccountOptions> options)
    {
        _addresses = addresses;
        _pipeline = pipeline;
        _sessions = sessions;
        _accounts = accounts;
        _accountSessions = accountSessions;
        _limits = limits;
        _registrationEnabled = options.Value.RegistrationEnabled;
    }

    /// <summary><c>POST /api/auth/register</c>: creates an account; does not log in.</summary>
    public Task<ApiResult> RegisterAsync(HttpRequest request, CancellationToken cancellationToken) =>
        _pipeline.RunAsync(request, async _ =>
        {
            if (!_registrationEnabled)
            {
                return AuthProblems.RegistrationDisabled();
            }
            if (await _limits.KnownRefusedRegistrationAsync(request) is { } known)
            {
                return known;
            }
            var (body, problem) = await AuthBody.ReadAsync(request, cancellationToken);
            if (body is null)
            {
                return problem!;
            }
            if (First(body.RequireString("username", out var username), body.RequireString("password", out var password)) is { } bad)
            {
                return bad;
            }
            if (UserNames.CheckNew(username, out var name) is { } nameRule)
            {
                return AuthProblems.InvalidUserName(nameRule);
            }
            if (NewPasswordProblem(password) is { } weak)
            {
                return weak;
            }
            using var turn = await _limits.RegisterAsync(request);
            if (turn.Refused is { } limited)
            {
                return limited;
            }
            return await _accounts.RegisterAsync(name, password, CancellationToken.None)
                ? AuthViews.Registered(name.Display)
                : AuthProblems.UserNameTaken();
        });

    /// <summary><c>POST /api/auth/login</c>: checks the password and moves the client to a new session of that user.</summary>
    public Task<ApiResult> LoginAsync(HttpRequest request, CancellationToken cancellationToken) =>
        _pipeline.RunAsync(request, async context =>
        {
            if (await _limits.KnownRefusedLoginAsync(request) is { } known)
            {
                return known;
            }
            var (body, problem) = await AuthBody.ReadAsync(request, cancellationToken);
            if (body is null)
            {
                return problem!;
            }
            if (First(
                body.RequireString("username", out var username),
                body.RequireString("password", out var password),
                body.OptionalFlag("remember", out var remember),
                body.OptionalFlag("returnToken", out var returnToken)) is { } bad)
            {
                return bad;
            }
            if (!UserNames.TryCreate(username, out var name))
            {
                return AuthProblems.InvalidUserName();
            }
            if (!PasswordPolicy.MayBeTried(password))
            {
                return AuthProblems.InvalidPassword();
            }
            using var turn = await _limits.LoginAsync(request);
            if (turn.Refused is { } limited)
            {
                return limited;
            }

            var result = await _accounts.AuthenticateAsync(name, password, CancellationToken.None);
            if (result.RetryAfter is { } retryAfter)
            {
                return AuthProblems.TooManyAttempts(retryAfter);
            }
            if (result.User is not { } user)
            {
                return AuthProblems.InvalidCredentials();
            }

            var (session, id) = await _sessions.SignInAsync(
                context.Id, user.Name, user.Key, remember,
                new SessionDevice(DeviceLabels.For(request.Headers.UserAgent), _addresses.NetworkOf(request)),
                ct => _accountSessions.IsEpochCurrentAsync(user.Key, user.SessionEpoch, ct),
                CancellationToken.None);
            await _accountSessions.EnforceLimitAsync(user.Key, session.Key, CancellationToken.None);
            context.Issue(id, session.Permanent);
            return AuthViews.LoggedIn(session, returnToken ? id.Token : null);
        });

    /// <summary><c>GET /api/auth/me</c>: who is logged in.</summary>
    public Task<ApiResult> MeAsync(HttpRequest request, CancellationToken cancellationToken) =>
        _pipeline.RunAsync(request, async context =>
        {
            var session = await LoggedInAsync(context, cancellationToken);
            return session is null ? AuthProblems.NotAuthenticated() : AuthViews.Me(session);
        });

    /// <summary>
    /// <c>GET /api/auth/sessions?limit=&amp;cursor=</c>: one page of the user's live sessions under opaque
    /// handles, with the device and network each logged in from. The body stays a JSON array; when
    /// there is more, a <c>Link: &lt;…&gt;; rel="next"</c> header names the next page.
    /// </summary>
    public Task<ApiResult> ListSessionsAsync(HttpRequest request, CancellationToken cancellationToken) =>
        _pipeline.RunAsync(request, async context =>
        {
            if (await LoggedInAsync(context, cancellationToken) is not { } current)
            {
                return AuthProblems.NotAuthenticated();
            }
            if (ReadPaging(request, out var limit, out var cursor) is { } bad)
            {
                return bad;
            }
            var (page, next) = await _accountSessions.PageAsync(current.UserKey!, current, cursor, limit, cancellationToken);
            var link = next is null
                ? ((string, string)?)null
                : ("Link", $"<{request.PathBase}{request.Path}?limit={limit}&cursor={next}>; rel=\"next\"");
            return AuthViews.Sessions(
                page.Select(item => (_accountSessions.HandleOf(item.Session), item.Session, item.Entry.Device, item.Session.Key == current.Key)),
                link);
        });

    /// <summary>
    /// <c>POST /api/auth/password</c>: changes the password of the logged-in user and ends every other
    /// session of theirs; the asking session stays. Checked and throttled like a login.
    /// </summary>
    public Task<ApiResult> ChangePasswordAsync(HttpRequest request, CancellationToken cancellationToken) =>
        _pipeline.RunAsync(request, async context =>
        {
            if (await LoggedInAsync(context, cancellationToken) is not { } current)
            {
                return AuthProblems.NotAuthenticated();
            }
            var (body, problem) = await AuthBody.ReadAsync(request, cancellationToken);
            if (body is null)
            {
                return problem!;
            }
            if (First(body.RequireString("currentPassword", out var currentPassword), body.RequireString("newPassword", out var newPassword)) is { } bad)
            {
                return bad;
            }
            if (!PasswordPolicy.MayBeTried(currentPassword))
            {
                return AuthProblems.InvalidPassword();
            }
            if (NewPasswordProblem(newPassword) is { } weak)
            {
                return weak;
            }
            using var turn = await _limits.LoginAsync(request);
            if (turn.Refused is { } limited)
            {
                return limited;
            }
            var check = await _accounts.ChangePasswordAsync(current.UserKey!, currentPassword, newPassword, CancellationToken.None);
            if (Refusal(check) is { } refused)
            {
                return refused;
            }
            await _accountSessions.EndOthersAsync(current.UserKey!, current.Key, CancellationToken.None);
            return ApiResult.NoContent();
        });

    /// <summary>
    /// <c>DELETE /api/auth/account</c>: deletes the logged-in user's account after checking its
    /// password (throttled like a login): every session ends, the user's list and failed-login
    /// counters go, and the name stays taken for a while (docs/accounts.md says why).
    /// </summary>
    public Task<ApiResult> DeleteAccountAsync(HttpRequest request, CancellationToken cancellationToken) =>
        _pipeline.RunAsync(request, async context =>
        {
            if (await LoggedInAsync(context, cancellationToken) is not { } current)
            {
                return AuthProblems.NotAuthenticated();
            }
            var (body, problem) = await AuthBody.ReadAsync(request, cancellationToken);
            if (body is null)
            {
                return problem!;
            }
            if (body.RequireString("password", out var password) is { } bad)
            {
                return bad;
            }
            if (!PasswordPolicy.MayBeTried(password))
            {
                return AuthProblems.InvalidPassword();
            }
            using var turn = await _limits.LoginAsync(request);
            if (turn.Refused is { } limited)
            {
                return limited;
            }
            var userKey = current.UserKey!;
            var check = await _accounts.DeleteAsync(userKey, password, CancellationToken.None);
            if (check.Outcome == AccountCheckOutcome.Gone)
            {
                // No record at all: nothing to delete; the session (of an account that is gone) ends.
                await _accountSessions.EndCurrentAsync(userKey, current.Key, CancellationToken.None);
                context.Ended();
                return ApiResult.NoContent();
            }
            if (Refusal(check) is { } refused)
            {
                return refused;
            }
            await _accountSessions.EndAllOfDeletedAsync(userKey, current.Key, CancellationToken.None);
            await _accounts.ForgetFailuresAsync(userKey, CancellationToken.None);
            await _accountSessions.EndDeletedCurrentAsync(current.Key, CancellationToken.None);
            context.Ended();
            return ApiResult.NoContent();
        });

    /// <summary><c>DELETE /api/auth/sessions/{id}</c>: ends one of the user's sessions.</summary>
    public Task<ApiResult> EndSessionAsync(HttpRequest request, string handle, CancellationToken cancellationToken) =>
        _pipeline.RunAsync(request, async context =>
        {
            if (await LoggedInAsync(context, cancellationToken) is not { } current)
            {
                return AuthProblems.NotAuthenticated();
            }
            var ended = await _accountSessions.EndAsync(current.UserKey!, handle, CancellationToken.None);
            if (ended is null)
            {
                return AuthProblems.UserSessionNotFound();
            }
            if (ended == current.Key)
            {
                context.Ended();
            }
            return ApiResult.NoContent();
        });

    /// <summary><c>POST /api/auth/logout-all</c>: ends every session of the user, this one included.</summary>
    public Task<ApiResult> LogoutAllAsync(HttpRequest request, CancellationToken cancellationToken) =>
        _pipeline.RunAsync(request, async context =>
        {
            if (await LoggedInAsync(context, cancellationToken) is not { } current)
            {
                return AuthProblems.NotAuthenticated();
            }
            await _accountSessions.EndAllAsync(current.UserKey!, current.Key, CancellationToken.None);
            context.Ended();
            return ApiResult.NoContent();
        });

    private static ApiResult? First(params ApiResult?[] problems) => problems.FirstOrDefault(p => p is not null);

    /// <summary>The registration rules for a new password, with the same problems.</summary>
    private static ApiResult? NewPasswordProblem(string password) => PasswordPolicy.CheckNew(password) switch
    {
        PasswordRule.Length => AuthProblems.InvalidPassword(),
        PasswordRule.NotText => AuthProblems.PasswordNotText(),
        PasswordRule.Common => AuthProblems.CommonPassword(),
        _ => null,
    };

    /// <summary>The answer to a password check that did not let the change go on, or null when it did.</summary>
    private static ApiResult? Refusal(AccountCheck check) => check.Outcome switch
    {
        AccountCheckOutcome.Locked => AuthProblems.TooManyAttempts(check.RetryAfter ?? TimeSpan.FromSeconds(1)),
        AccountCheckOutcome.WrongPassword => AuthProblems.InvalidCredentials(),
        AccountCheckOutcome.Gone => AuthProblems.NotAuthenticated(),
        _ => null,
    };

    /// <summary>
    /// <c>limit</c> (1 to <see cref="MaxPageSize"/>, default <see cref="DefaultPageSize"/>) and
    /// <c>cursor</c> (the value a previous page's next link carried): the problem when either is bad.
    /// </summary>
    private static ApiResult? ReadPaging(HttpRequest request, out int limit, out string? cursor)
    {
        limit = DefaultPageSize;
        cursor = null;
        var limits = request.Query["limit"];
        var cursors = request.Query["cursor"];
        if (limits.Count > 1 || cursors.Count > 1)
        {
            return AuthProblems.InvalidPage("Give \"limit\" and \"cursor\" at most once each.");
        }
        if (limits.Count == 1)
        {
            var text = limits[0] ?? "";
            if (text.Length is 0 or > 3 || !text.All(char.IsAsciiDigit)
                || !int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out limit)
                || limit is < 1 or > MaxPageSize)
            {
                return AuthProblems.InvalidPage($"\"limit\" is a whole number from 1 to {MaxPageSize} (default {DefaultPageSize}).");
            }
        }
        if (cursors.Count == 1)
        {
            cursor = cursors[0] ?? "";
            if (cursor.Length != SessionHandles.HandleChars || !cursor.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return AuthProblems.InvalidPage("\"cursor\" must be the value of a previous page's next link, unchanged.");
            }
        }
        return null;
    }

    /// <summary>The request's live session when a user is logged in to it, else null.</summary>
    private async Task<SessionRecord?> LoggedInAsync(SessionRequest context, CancellationToken cancellationToken)
    {
        var session = context.Id is { } id ? await _sessions.LoadAsync(id, cancellationToken) : null;
        context.Saw(session);
        return session?.UserKey is null ? null : session;
    }
}
