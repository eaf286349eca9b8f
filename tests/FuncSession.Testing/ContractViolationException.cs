namespace FuncSession.Testing;

/// <summary>An answer of the API that its OpenAPI description does not allow: the test that received it fails.</summary>
public sealed class ContractViolationException(string message) : Exception(message);
