using FuncSession.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace FuncSession.Functions;

/// <summary>Whether the API can reach its storage.</summary>
public sealed class HealthFunction(HealthEndpoint endpoint)
{
    [Function(ApiRoutes.Health.Name)]
    public async Task<IActionResult> Check(
        [HttpTrigger(AuthorizationLevel.Anonymous, ApiRoutes.Health.Verb, Route = ApiRoutes.Health.Template)] HttpRequest request,
        CancellationToken cancellationToken) =>
        await endpoint.CheckAsync(request, cancellationToken);
}
