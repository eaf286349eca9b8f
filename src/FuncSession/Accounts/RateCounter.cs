namespace FuncSession.Accounts;

/// <summary>How many requests of one kind one client address made in one fixed window.</summary>
internal sealed class RateCounter
{
    /// <summary>The client address as a partition key.</summary>
    public required string Address { get; init; }

    /// <summary>What is counted: logins or registrations.</summary>
    public required string Purpose { get; init; }

    public DateTimeOffset WindowStart { get; set; }

    public int Count { get; set; }

    /// <summary>The storage version (ETag) this counter was read at; null for a new one.</summary>
    public string? Version { get; set; }
}
