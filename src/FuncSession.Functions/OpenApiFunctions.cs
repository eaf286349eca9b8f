using FuncSession.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace FuncSession.Functions;

/// <summary>The API's own description: the OpenAPI document, and a page that shows it.</summary>
public sealed class OpenApiFunctions(OpenApiEndpoint description, ReferenceEndpoint reference)
{
    [Function(ApiRoutes.OpenApi.Name)]
    public IActionResult Describe(
        [HttpTrigger(AuthorizationLevel.Anonymous, ApiRoutes.OpenApi.Verb, Route = ApiRoutes.OpenApi.Template)] HttpRequest request) =>
        description.Serve(request);

    [Function(ApiRoutes.Reference.Name)]
    public IActionResult Reference(
        [HttpTrigger(AuthorizationLevel.Anonymous, ApiRoutes.Reference.Verb, Route = ApiRoutes.Reference.Template)] HttpRequest request) =>
        reference.Serve();
}
