using FuncSession.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace FuncSession.Functions;

/// <summary>The whole session: read it, patch it, end it.</summary>
public sealed class SessionFunctions(SessionEndpoints endpoints)
{
    [Function(ApiRoutes.GetSession.Name)]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, ApiRoutes.GetSession.Verb, Route = ApiRoutes.GetSession.Template)] HttpRequest request,
        CancellationToken cancellationToken) =>
        await endpoints.GetSessionAsync(request, cancellationToken);

    [Function(ApiRoutes.PatchSession.Name)]
    public async Task<IActionResult> Patch(
        [HttpTrigger(AuthorizationLevel.Anonymous, ApiRoutes.PatchSession.Verb, Route = ApiRoutes.PatchSession.Template)] HttpRequest request,
        CancellationToken cancellationToken) =>
        await endpoints.PatchSessionAsync(request, cancellationToken);

    [Function(ApiRoutes.DeleteSession.Name)]
    public async Task<IActionResult> Delete(
        [HttpTrigger(AuthorizationLevel.Anonymous, ApiRoutes.DeleteSession.Verb, Route = ApiRoutes.DeleteSession.Template)] HttpRequest request,
        CancellationToken cancellationToken) =>
        await endpoints.DeleteSessionAsync(request, cancellationToken);
}
