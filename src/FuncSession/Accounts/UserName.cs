namespace FuncSession.Accounts;

/// <summary>A user name as registered (<see cref="Display"/>) and as compared and stored (<see cref="Key"/>).</summary>
/// <param name="Display">The name as the user typed it at registration.</param>
/// <param name="Key">NFKC-normalized and case-folded: the Users, UserSessions and LoginThrottle partition key.</param>
internal readonly record struct UserName(string Display, string Key);
