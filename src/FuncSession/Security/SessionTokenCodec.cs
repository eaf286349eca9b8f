using System.Buffers.Text;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace FuncSession.Security;

/// <summary>
/// Issues session ids and reads them back from cookies and bearer tokens. A token is the id in
/// base64url, a dot, and the base64url HMAC-SHA256 of the id under the signing key:
/// 43 + 1 + 43 characters. Anything else is refused before storage is asked.
/// </summary>
internal sealed class SessionTokenCodec(SigningKeyRing keys)
{
    public const int IdBytes = 32;
    public const int EncodedChars = 43;
    public const int TokenChars = EncodedChars * 2 + 1;

    /// <summary>A new session id from the CSPRNG, with its token.</summary>
    public SessionId NewId()
    {
        Span<byte> id = stackalloc byte[IdBytes];
        RandomNumberGenerator.Fill(id);
        return new SessionId(Sign(id), StorageKeyOf(id));
    }

    /// <summary>Reads a token; false for anything not issued under one of the keys.</summary>
    public bool TryRead(ReadOnlySpan<char> token, out SessionId id)
    {
        Span<byte> raw = stackalloc byte[IdBytes];
        if (!TryVerify(token, raw))
        {
            id = default;
            return false;
        }
        id = new SessionId(token.ToString(), StorageKeyOf(raw));
        return true;
    }

    /// <summary>
    /// Checks a token's shape and signature and writes the raw id; allocates nothing. The id part
    /// must be the canonical encoding, and the signature is compared as text in constant time, so
    /// no second spelling of a token is accepted.
    /// </summary>
    public bool TryVerify(ReadOnlySpan<char> token, Span<byte> id)
    {
        if (token.Length != TokenChars || token[EncodedChars] != '.')
        {
            return false;
        }

        var idText = token[..EncodedChars];
        var signatureText = token[(EncodedChars + 1)..];
        if (!Base64Url.IsValid(idText, out var length) || length != IdBytes
            || !Base64Url.TryDecodeFromChars(idText, id, out var written) || written != IdBytes)
        {
            return false;
        }

        Span<char> canonical = stackalloc char[EncodedChars];
        Base64Url.EncodeToChars(id, canonical);
        if (!canonical.SequenceEqual(idText))
        {
            return false;
        }

        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Span<char> expected = stackalloc char[EncodedChars];
        var valid = false;
        var ring = keys.Keys;
        for (var i = 0; i < ring.Count; i++)
        {
            HMACSHA256.HashData(ring[i], id, mac);
            Base64Url.EncodeToChars(mac, expected);
            valid |= CryptographicOperations.FixedTimeEquals(
                MemoryMarshal.AsBytes(expected), MemoryMarshal.AsBytes(signatureText));
        }
        return valid;
    }

    private string Sign(ReadOnlySpan<byte> id)
    {
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(keys.SigningKey, id, mac);
        return string.Create(TokenChars, (Id: id.ToArray(), Mac: mac.ToArray()), static (chars, state) =>
        {
            Base64Url.EncodeToChars(state.Id, chars[..EncodedChars]);
            chars[EncodedChars] = '.';
            Base64Url.EncodeToChars(state.Mac, chars[(EncodedChars + 1)..]);
        });
    }

    /// <summary>The table key: the hex SHA-256 of the raw id. The id itself is never stored.</summary>
    private static string StorageKeyOf(ReadOnlySpan<byte> id)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(id, hash);
        return Convert.ToHexStringLower(hash);
    }
}
