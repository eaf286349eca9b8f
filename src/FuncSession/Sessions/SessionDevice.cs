namespace FuncSession.Sessions;

/// <summary>
/// What "my sessions" shows about where a login came from: a device label made from the User-Agent
/// and the client's network (its address truncated to a /24 or /48), both plain text.
/// </summary>
/// <param name="Label">For example "Firefox on Windows"; at most 64 characters, no control or format characters.</param>
/// <param name="Network">For example "203.0.113.0/24", or "unknown".</param>
internal sealed record SessionDevice(string Label, string Network);
