using System.Buffers.Text;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace FuncSession.Security;

/// <summary>
/// Issues session ids and reads them back from cookies and bearer tokens. A token is the id in
/// base64url, a dot, and the base64url HMAC-SHA256 of the id under the signing key:
/// 43 + 1 + 43 characters. Anything else is refused before storage is asked.
/// </summary>
internal sealed class SessionTokenCodec
{
    public const int IdBytes = 32;
    public const int EncodedChars = 43;
    public const int TokenChars = EncodedChars * 2 + 1;

    private readonly SigningKeyRing _keys;

    // The one-shot HashData methods build and free a native hash context on every call, which
    // costs several times the hashing of 32 bytes; each thread keeps keyed contexts and reuses them.
    private readonly ThreadLocal<Hashers> _hashers;

    public SessionTokenCodec(SigningKeyRing keys)
    {
        _keys = keys;
        _hashers = new ThreadLocal<Hashers>(() => new Hashers(keys.Keys));
    }

    /// <summary>A new session id from the CSPRNG, with its token.</summary>
    public SessionId NewId()
    {
        Span<byte> id = stackalloc byte[IdBytes];
        RandomNumberGenerator.Fill(id);
        var hashers = _hashers.Value!;
        return new SessionId(Sign(hashers, id), StorageKeyOf(hashers, id));
    }

    /// <summary>
    /// Reads a token; false for anything not issued under one of the keys. A token signed by an
    /// older key of the ring comes back with <see cref="SessionId.Renewed"/>: the same id signed by
    /// the signing key.
    /// </summary>
    public bool TryRead(ReadOnlySpan<char> token, out SessionId id)
    {
        Span<byte> raw = stackalloc byte[IdBytes];
        if (!TryVerify(token, raw, out var signedBy))
        {
            id = default;
            return false;
        }
        var hashers = _hashers.Value!;
        id = new SessionId(token.ToString(), StorageKeyOf(hashers, raw), signedBy == 0 ? null : Sign(hashers, raw));
        return true;
    }

    /// <summary>
    /// Checks a token's shape and signature and writes the raw id; allocates nothing. The id part
    /// must be the canonical encoding, and the signature is compared as text in constant time, so
    /// no second spelling of a token is accepted.
    /// </summary>
    public bool TryVerify(ReadOnlySpan<char> token, Span<byte> id) => TryVerify(token, id, out _);

    /// <summary><see cref="TryVerify(ReadOnlySpan{char}, Span{byte})"/>, also telling which key of the ring signed it (0: the signing key).</summary>
    public bool TryVerify(ReadOnlySpan<char> token, Span<byte> id, out int signedBy)
    {
        signedBy = -1;
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
        var macs = _hashers.Value!.Macs;
        for (var i = 0; i < macs.Length; i++)
        {
            macs[i].AppendData(id);
            macs[i].GetHashAndReset(mac);
            Base64Url.EncodeToChars(mac, expected);
            // Every key is tried, whichever matches, so the time taken does not tell which key signed.
            var matches = CryptographicOperations.FixedTimeEquals(MemoryMarshal.AsBytes(expected), MemoryMarshal.AsBytes(signatureText));
            if (matches && !valid)
            {
                signedBy = i;
            }
            valid |= matches;
        }
        return valid;
    }

    private static string Sign(Hashers hashers, ReadOnlySpan<byte> id)
    {
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        var signer = hashers.Macs[0];
        signer.AppendData(id);
        signer.GetHashAndReset(mac);
        return string.Create(TokenChars, (Id: id.ToArray(), Mac: mac.ToArray()), static (chars, state) =>
        {
            Base64Url.EncodeToChars(state.Id, chars[..EncodedChars]);
            chars[EncodedChars] = '.';
            Base64Url.EncodeToChars(state.Mac, chars[(EncodedChars + 1)..]);
        });
    }

    /// <summary>The table key: the hex SHA-256 of the raw id. The id itself is never stored.</summary>
    private static string StorageKeyOf(Hashers hashers, ReadOnlySpan<byte> id)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        hashers.Sha256.AppendData(id);
        hashers.Sha256.GetHashAndReset(hash);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>One thread's reusable contexts: an HMAC-SHA256 per key of the ring (signing key first) and a SHA-256.</summary>
    private sealed class Hashers(IReadOnlyList<byte[]> keys)
    {
        public IncrementalHash[] Macs { get; } = [.. keys.Select(key => IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key))];

        public IncrementalHash Sha256 { get; } = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    }
}
