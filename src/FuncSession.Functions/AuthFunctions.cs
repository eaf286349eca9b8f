using FuncSession.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace FuncSession.Functions;

/// <summary>Accounts and login: register, log in and out, who am I, my sessions, change password, delete account.</summary>
public sealed class AuthFunctions(AuthEndpoints endpoints, SessionEndpoints sessions)
{
    [Function(ApiRoutes.Register.Name)]
    public async Task<IActionResult> Register(
        [HttpTrigger(AuthorizationLevel.Anonymous, ApiRoutes.Register.Verb, Route = ApiRoutes.Register.Template)] HttpRequest request,
        CancellationToken cancellationToken) =>
        await endpoints.RegisterAsync(request, cancellationToken);

    [Function(ApiRoutes.Login.Name)]
    public async Task<IActionResult> Login(
        [HttpTrigger(AuthorizationLevel.Anonymous, ApiRoutes.Login.Verb, Route = ApiRoutes.Login.Template)] HttpRequest request,
        CancellationToken cancellationToken) =>
        await endpoints.LoginAsync(request, cancellationToken);

    [Function(ApiRoutes.Logout.Name)]
    public async Task<IActionResult> Logout(
        [HttpTrigger(AuthorizationLevel.Anonymous, ApiRoutes.Logout.Verb, Route = ApiRoutes.Logout.Template)] HttpRequest request,
        CancellationToken cancellationToken) =>
        // Logging out is ending the session: the same operation as DELETE /api/session.
        await sessions.DeleteSessionAsync(request, cancellationToken);

    [Function(ApiRoutes.Me.Name)]
    public async Task<IActionResult> Me(
        [HttpTrigger(AuthorizationLevel.Anonymous, ApiRoutes.Me.Verb, Route = ApiRoutes.Me.Template)] HttpRequest request,
        CancellationToken cancellationToken) =>
        await endpoints.MeAsync(request, cancellationToken);

    [Function(ApiRoutes.ListUserSessions.Name)]
    public async Task<IActionResult> ListSessions(
        [HttpTrigger(AuthorizationLevel.Anonymous, ApiRoutes.ListUserSessions.Verb, Route = ApiRoutes.ListUserSessions.Template)] HttpRequest request,
        CancellationToken cancellationToken) =>
        await endpoints.ListSessionsAsync(request, cancellationToken);

    [Function(ApiRoutes.EndUserSession.Name)]
    public async Task<IActionResult> EndSession(
        [HttpTrigger(AuthorizationLevel.Anonymous, ApiRoutes.EndUserSession.Verb, Route = ApiRoutes.EndUserSession.Template)] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        await endpoints.EndSessionAsync(request, id, cancellationToken);

    [Function(ApiRoutes.LogoutAll.Name)]
    public async Task<IActionResult> LogoutAll(
        [HttpTrigger(AuthorizationLevel.Anonymous, ApiRoutes.LogoutAll.Verb, Route = ApiRoutes.LogoutAll.Template)] HttpRequest request,
        CancellationToken cancellationToken) =>
        await endpoints.LogoutAllAsync(request, cancellationToken);

    [Function(ApiRoutes.ChangePassword.Name)]
    public async Task<IActionResult> ChangePassword(
        [HttpTrigger(AuthorizationLevel.Anonymous, ApiRoutes.ChangePassword.Verb, Route = ApiRoutes.ChangePassword.Template)] HttpRequest request,
        CancellationToken cancellationToken) =>
        await endpoints.ChangePasswordAsync(request, cancellationToken);

    [Function(ApiRoutes.DeleteAccount.Name)]
    public async Task<IActionResult> DeleteAccount(
        [HttpTrigger(AuthorizationLevel.Anonymous, ApiRoutes.DeleteAccount.Verb, Route = ApiRoutes.DeleteAccount.Template)] HttpRequest request,
        CancellationToken cancellationToken) =>
        await endpoints.DeleteAccountAsync(request, cancellationToken);
}
