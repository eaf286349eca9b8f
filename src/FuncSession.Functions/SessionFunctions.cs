using FuncSession.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace FuncSession.Functions;

/// <summary>The whole session: read it, patch it, end it.</summary>
public sealed class SessionFunctions(SessionEndpoints endpoints)
{
    [Function("GetSession")]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "session")] HttpRequest request,
        CancellationToken cancellationToken) =>
        await endpoints.GetSessionAsync(request, cancellationToken);

    [Function("PatchSession")]
    public async Task<IActionResult> Patch(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "session")] HttpRequest request,
        CancellationToken cancellationToken) =>
        await endpoints.PatchSessionAsync(request, cancellationToken);

    [Function("DeleteSession")]
    public async Task<IActionResult> Delete(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "session")] HttpRequest request,
        CancellationToken cancellationToken) =>
        await endpoints.DeleteSessionAsync(request, cancellationToken);
}
