namespace FuncSession.Sessions;

/// <summary>What storage said to a conditional write.</summary>
internal enum WriteOutcome
{
    Written,

    /// <summary>Someone else changed the entity first (412), or it already exists (409).</summary>
    Conflict,

    /// <summary>The entity is not there (404).</summary>
    Missing,
}
