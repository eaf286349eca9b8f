using System.Security.Cryptography;
using FuncSession.Security;

namespace FuncSession.Tests.Security;

public sealed class SessionTokenCodecTests
{
    private static readonly byte[] KeyA = RandomNumberGenerator.GetBytes(32);
    private static readonly byte[] KeyB = RandomNumberGenerator.GetBytes(32);

    private static SessionTokenCodec Codec(params byte[][] keys) => new(SigningKeyRing.Create(keys));

    [Fact]
    public void AnIssuedTokenReadsBackAsTheSameSession()
    {
        var codec = Codec(KeyA);
        var id = codec.NewId();

        Assert.True(codec.TryRead(id.Token, out var read));
        Assert.Equal(id, read);
    }

    [Fact]
    public void TheStorageKeyIsTheHexSha256OfTheRawId()
    {
        var id = Codec(KeyA).NewId();
        var raw = Convert.FromBase64String(id.Token[..43].Replace('-', '+').Replace('_', '/') + "=");

        Assert.Equal(32, raw.Length);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(raw)), id.Key);
    }

    [Fact]
    public void EveryChangedCharacterIsRefused()
    {
        var codec = Codec(KeyA);
        var token = codec.NewId().Token;
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/";

        for (var position = 0; position < token.Length; position++)
        {
            foreach (var replacement in alphabet.Where(c => c != token[position]))
            {
                var chars = token.ToCharArray();
                chars[position] = replacement;
                Assert.False(codec.TryRead(new string(chars), out _), $"accepted {replacement} at {position}");
            }
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("abc")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void MalformedTokensAreRefused(string token) => Assert.False(Codec(KeyA).TryRead(token, out _));

    [Fact]
    public void TruncatedPaddedAndOversizedTokensAreRefused()
    {
        var codec = Codec(KeyA);
        var token = codec.NewId().Token;

        Assert.False(codec.TryRead(token.AsSpan(0, token.Length - 1), out _));
        Assert.False(codec.TryRead(token + "A", out _));
        Assert.False(codec.TryRead(token + "=", out _));
        Assert.False(codec.TryRead(" " + token, out _));
        Assert.False(codec.TryRead(token + token, out _));
        Assert.False(codec.TryRead(new string('A', 100_000), out _));
    }

    [Fact]
    public void ATokenSignedWithAnotherKeyIsRefused()
    {
        var token = Codec(KeyB).NewId().Token;

        Assert.False(Codec(KeyA).TryRead(token, out _));
    }

    [Fact]
    public void AKeyBehindTheSigningKeyStillVerifies()
    {
        var oldToken = Codec(KeyB).NewId().Token;
        var rotated = Codec(KeyA, KeyB);

        Assert.True(rotated.TryRead(oldToken, out _));
        Assert.True(Codec(KeyA).TryRead(rotated.NewId().Token, out _));
    }

    [Fact]
    public void VerifyingAllocatesNothing()
    {
        var codec = Codec(KeyA, KeyB);
        var token = codec.NewId().Token;
        Span<byte> id = stackalloc byte[SessionTokenCodec.IdBytes];
        Assert.True(codec.TryVerify(token, id));

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            codec.TryVerify(token, id);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void IdsAreUnique()
    {
        var codec = Codec(KeyA);

        var ids = Enumerable.Range(0, 1000).Select(_ => codec.NewId().Key).ToHashSet();

        Assert.Equal(1000, ids.Count);
    }
}
