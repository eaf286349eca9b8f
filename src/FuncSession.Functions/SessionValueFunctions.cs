using FuncSession.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace FuncSession.Functions;

/// <summary>One value of the session, by key.</summary>
public sealed class SessionValueFunctions(SessionEndpoints endpoints)
{
    [Function(ApiRoutes.GetSessionValue.Name)]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, ApiRoutes.GetSessionValue.Verb, Route = ApiRoutes.GetSessionValue.Template)] HttpRequest request,
        string key,
        CancellationToken cancellationToken) =>
        await endpoints.GetValueAsync(request, key, cancellationToken);

    [Function(ApiRoutes.PutSessionValue.Name)]
    public async Task<IActionResult> Put(
        [HttpTrigger(AuthorizationLevel.Anonymous, ApiRoutes.PutSessionValue.Verb, Route = ApiRoutes.PutSessionValue.Template)] HttpRequest request,
        string key,
        CancellationToken cancellationToken) =>
        await endpoints.PutValueAsync(request, key, cancellationToken);

    [Function(ApiRoutes.DeleteSessionValue.Name)]
    public async Task<IActionResult> Delete(
        [HttpTrigger(AuthorizationLevel.Anonymous, ApiRoutes.DeleteSessionValue.Verb, Route = ApiRoutes.DeleteSessionValue.Template)] HttpRequest request,
        string key,
        CancellationToken cancellationToken) =>
        await endpoints.DeleteValueAsync(request, key, cancellationToken);
}
