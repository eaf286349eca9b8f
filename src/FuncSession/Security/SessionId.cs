namespace FuncSession.Security;

/// <summary>A session id as the client holds it (<see cref="Token"/>) and as storage knows it (<see cref="Key"/>).</summary>
/// <param name="Token">The signed value sent in the cookie or bearer header.</param>
/// <param name="Key">The hex SHA-256 of the raw id: the table key.</param>
public readonly record struct SessionId(string Token, string Key);
