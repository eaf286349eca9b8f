using System.Buffers.Text;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using FuncSession.Security;

namespace FuncSession.Accounts;

/// <summary>
/// The opaque handles of <c>GET /api/auth/sessions</c>: a truncated HMAC of the user key and the
/// session's storage key under a key derived from the signing key. A handle reveals neither the
/// session id nor its storage key, cannot be turned back into either, and names a session only
/// within its own user's list.
/// </summary>
internal sealed class SessionHandles
{
    public const int HandleBytes = 16;
    public const int HandleChars = 22;

    private readonly byte[] _key;

    public SessionHandles(SigningKeyRing keys) =>
        _key = HMACSHA256.HashData(keys.SigningKey, "FuncSession user-session handle v1"u8);

    public string For(string userKey, string sessionKey)
    {
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(userKey + "\n" + sessionKey), mac);
        return Base64Url.EncodeToString(mac[..HandleBytes]);
    }

    /// <summary>Compares in constant time; false for anything not shaped like a handle.</summary>
    public bool Matches(string handle, string userKey, string sessionKey) =>
        handle.Length == HandleChars
        && CryptographicOperations.FixedTimeEquals(
            MemoryMarshal.AsBytes(For(userKey, sessionKey).AsSpan()), MemoryMarshal.AsBytes(handle.AsSpan()));
}
