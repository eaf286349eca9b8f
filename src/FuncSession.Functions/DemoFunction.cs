using FuncSession.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace FuncSession.Functions;

/// <summary>A page that shows the API working in a browser.</summary>
public sealed class DemoFunction(DemoEndpoint endpoint)
{
    [Function(ApiRoutes.Demo.Name)]
    public IActionResult Serve(
        [HttpTrigger(AuthorizationLevel.Anonymous, ApiRoutes.Demo.Verb, Route = ApiRoutes.Demo.Template)] HttpRequest request) =>
        endpoint.Serve();
}
