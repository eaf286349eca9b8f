namespace FuncSession.HardeningTests.Http;

/// <summary>One fuzzed request, and what the API must answer to it.</summary>
public abstract record FuzzCase(string Kind)
{
    /// <summary>True when the request reaches one of our functions (route and verb match, headers within the server's limits).</summary>
    public bool Routed { get; init; }

    /// <summary>The route template it aims at, for the report.</summary>
    public string Target { get; init; } = "";

    /// <summary>Which Unicode classes went into which field ("username:Lo"), for the coverage report.</summary>
    public IReadOnlyList<string> Coverage { get; init; } = [];
}

/// <summary>A request sent through HttpClient: well-formed HTTP with hostile content.</summary>
public sealed record HttpFuzzCase(string Kind, string Method, string Path, IReadOnlyList<(string Name, string Value)> Headers, string? ContentType, byte[]? Body)
    : FuzzCase(Kind);

/// <summary>Bytes written straight to a socket: malformed HTTP that no client library would send.</summary>
public sealed record RawFuzzCase(string Kind, byte[] Bytes) : FuzzCase(Kind)
{
    /// <summary>
    /// Whether to close the sending side after the bytes, so a server waiting for more of a
    /// malformed request stops waiting. A complete request must not: the server takes the half
    /// close for a client that went away and rightly answers nothing.
    /// </summary>
    public bool HalfClose { get; init; } = true;
}
