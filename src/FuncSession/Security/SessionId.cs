namespace FuncSession.Security;

/// <summary>A session id as the client holds it (<see cref="Token"/>) and as storage knows it (<see cref="Key"/>).</summary>
/// <param name="Token">The signed value sent in the cookie or bearer header.</param>
/// <param name="Key">The hex SHA-256 of the raw id: the table key.</param>
/// <param name="Renewed">
/// When <see cref="Token"/> was signed by a key other than the signing key: the same id signed by
/// the signing key, which the client is to hold from now on, so the old key can be retired.
/// </param>
internal readonly record struct SessionId(string Token, string Key, string? Renewed = null);
