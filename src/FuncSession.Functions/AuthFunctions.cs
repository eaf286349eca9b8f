using FuncSession.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace FuncSession.Functions;

/// <summary>Accounts and login: register, log in and out, who am I, my sessions.</summary>
public sealed class AuthFunctions(AuthEndpoints endpoints, SessionEndpoints sessions)
{
    [Function("Register")]
    public async Task<IActionResult> Register(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "auth/register")] HttpRequest request,
        CancellationToken cancellationToken) =>
        await endpoints.RegisterAsync(request, cancellationToken);

    [Function("Login")]
    public async Task<IActionResult> Login(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "auth/login")] HttpRequest request,
        CancellationToken cancellationToken) =>
        await endpoints.LoginAsync(request, cancellationToken);

    [Function("Logout")]
    public async Task<IActionResult> Logout(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "auth/logout")] HttpRequest request,
        CancellationToken cancellationToken) =>
        // Logging out is ending the session: the same operation as DELETE /api/session.
        await sessions.DeleteSessionAsync(request, cancellationToken);

    [Function("Me")]
    public async Task<IActionResult> Me(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "auth/me")] HttpRequest request,
        CancellationToken cancellationToken) =>
        await endpoints.MeAsync(request, cancellationToken);

    [Function("ListUserSessions")]
    public async Task<IActionResult> ListSessions(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "auth/sessions")] HttpRequest request,
        CancellationToken cancellationToken) =>
        await endpoints.ListSessionsAsync(request, cancellationToken);

    [Function("EndUserSession")]
    public async Task<IActionResult> EndSession(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "auth/sessions/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        await endpoints.EndSessionAsync(request, id, cancellationToken);

    [Function("LogoutAll")]
    public async Task<IActionResult> LogoutAll(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "auth/logout-all")] HttpRequest request,
        CancellationToken cancellationToken) =>
        await endpoints.LogoutAllAsync(request, cancellationToken);
}
