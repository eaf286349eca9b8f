using FuncSession.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace FuncSession.Functions;

/// <summary>One value of the session, by key.</summary>
public sealed class SessionValueFunctions(SessionEndpoints endpoints)
{
    [Function("GetSessionValue")]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "session/values/{key}")] HttpRequest request,
        string key,
        CancellationToken cancellationToken) =>
        await endpoints.GetValueAsync(request, key, cancellationToken);

    [Function("PutSessionValue")]
    public async Task<IActionResult> Put(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "session/values/{key}")] HttpRequest request,
        string key,
        CancellationToken cancellationToken) =>
        await endpoints.PutValueAsync(request, key, cancellationToken);

    [Function("DeleteSessionValue")]
    public async Task<IActionResult> Delete(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "session/values/{key}")] HttpRequest request,
        string key,
        CancellationToken cancellationToken) =>
        await endpoints.DeleteValueAsync(request, key, cancellationToken);
}
