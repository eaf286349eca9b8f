using System.Buffers.Text;
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
    /// Checks a token's shape and signature and writes the raw id; allocates nothing. Both halves
    /// must be the canonical encoding of their 32 bytes, so no second spelling of a token is
    /// accepted, and the signature is compared with the MAC as bytes, in constant time.
    /// </summary>
    public bool TryVerify(ReadOnlySpan<char> token, Span<byte> id) => TryVerify(token, id, out _);

    /// <summary><see cref="TryVerify(ReadOnlySpan{char}, Span{byte})"/>, also telling which key of the ring signed it (0: the signing key).</summary>
    public bool TryVerify(ReadOnlySpan<char> token, Span<byte> id, out int signedBy)
    {
        signedBy = -1;
        // The signature is decoded rather than the MAC encoded: the constant-time comparison runs
        // unoptimized by design, and over 32 bytes it costs a third of what it does over the 86
        // bytes of the signature's text.
        Span<byte> signature = stackalloc byte[HMACSHA256.HashSizeInBytes];
        if (token.Length != TokenChars || token[EncodedChars] != '.'
            || !TryDecodeCanonical(token[..EncodedChars], id)
            || !TryDecodeCanonical(token[(EncodedChars + 1)..], signature))
        {
            return false;
        }

        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        var valid = false;
        var macs = _hashers.Value!.Macs;
        for (var i = 0; i < macs.Length; i++)
        {
            macs[i].AppendData(id);
            macs[i].GetHashAndReset(mac);
            // Every key is tried, whichever matches, so the time taken does not tell which key signed.
            var matches = CryptographicOperations.FixedTimeEquals(mac, signature);
            if (matches && !valid)
            {
                signedBy = i;
            }
            valid |= matches;
        }
        return valid;
    }

    /// <summary>
    /// Decodes 32 bytes from their <see cref="EncodedChars"/> base64url characters, refusing any other
    /// text, including the spellings that differ only in the last character's unused bits.
    /// </summary>
    private static bool TryDecodeCanonical(ReadOnlySpan<char> text, Span<byte> bytes)
    {
        if (!Base64Url.IsValid(text, out var length) || length != bytes.Length
            || !Base64Url.TryDecodeFromChars(text, bytes, out var written) || written != bytes.Length)
        {
            return false;
        }
        Span<char> canonical = stackalloc char[EncodedChars];
        Base64Url.EncodeToChars(bytes, canonical);
        return canonical.SequenceEqual(text);
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
