using FuncSession.Accounts;
using FuncSession.Sessions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace FuncSession.Http;

/// <summary>
/// The account endpoints of the HTTP contract: register, log in and out, who am I, my sessions.
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
    private readonly bool _registrationEnabled;

    internal AuthEndpoints(
        SessionPipeline pipeline,
        SessionService sessions,
        AccountService accounts,
        AccountSessions accountSessions,
        RequestLimits limits,
        IOptions<AccountOptions> options)
    {
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
            if (_limits.KnownRefusedRegistration(request) is { } known)
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
            switch (PasswordPolicy.CheckNew(password))
            {
                case PasswordRule.Length: return AuthProblems.InvalidPassword();
                case PasswordRule.NotText: return AuthProblems.PasswordNotText();
                case PasswordRule.Common: return AuthProblems.CommonPassword();
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
            if (_limits.KnownRefusedLogin(request) is { } known)
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

    /// <summary><c>GET /api/auth/sessions</c>: the user's live sessions under opaque handles.</summary>
    public Task<ApiResult> ListSessionsAsync(HttpRequest request, CancellationToken cancellationToken) =>
        _pipeline.RunAsync(request, async context =>
        {
            if (await LoggedInAsync(context, cancellationToken) is not { } current)
            {
                return AuthProblems.NotAuthenticated();
            }
            var sessions = await _accountSessions.ListAsync(current.UserKey!, cancellationToken);
            return AuthViews.Sessions(sessions
                .OrderByDescending(s => s.Key == current.Key)
                .ThenByDescending(s => s.LastSeenAt)
                .Select(s => (_accountSessions.HandleOf(s), s, s.Key == current.Key)));
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

    /// <summary>The request's live session when a user is logged in to it, else null.</summary>
    private async Task<SessionRecord?> LoggedInAsync(SessionRequest context, CancellationToken cancellationToken)
    {
        var session = context.Id is { } id ? await _sessions.LoadAsync(id, cancellationToken) : null;
        context.Saw(session);
        return session?.UserKey is null ? null : session;
    }
}
