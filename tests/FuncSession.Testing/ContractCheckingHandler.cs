namespace FuncSession.Testing;

/// <summary>
/// Checks every answer a test client receives against the API's OpenAPI description
/// (<see cref="OpenApiContract"/>) and throws <see cref="ContractViolationException"/> from the
/// request when it does not match, so the test that made the request fails. The answer's body is
/// buffered first, so the test can still read it.
/// </summary>
public sealed class ContractCheckingHandler(HttpMessageHandler inner, Uri apiRoot, OpenApiContract? contract = null) : DelegatingHandler(inner)
{
    private readonly OpenApiContract _contract = contract ?? OpenApiContract.Default;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var problems = _contract.Check(apiRoot, request.Method.Method, request.RequestUri!, response, body);
        if (problems.Count > 0)
        {
            response.Dispose();
            throw new ContractViolationException("The answer does not match the OpenAPI description:\n" + string.Join("\n", problems));
        }
        return response;
    }
}
