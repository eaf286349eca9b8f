namespace FuncSession.HardeningTests.Http;

/// <summary>One fuzzed request, and what the API must answer to it.</summary>
public abstract record FuzzCase(string Kind)
{
    /// <summary>True when the request reaches one of our functions (route and verb match, headers within the server's limits).</summary>
    public bool Routed { get; init; }

    /// <summary>The route template it aims at, for the report.</summary>
    public string Target { get; init; } = "";
}

/// <summary>A request sent through HttpClient: well-formed HTTP with hostile content.</summary>
public sealed record HttpFuzzCase(string Kind, string Method, string Path, IReadOnlyList<(string Name, string Value)> Headers, string? ContentType, byte[]? Body)
    : FuzzCase(Kind);

/// <summary>Bytes written straight to a socket: malformed HTTP that no client library would send.</summary>
public sealed record RawFuzzCase(string Kind, byte[] Bytes) : FuzzCase(Kind);
