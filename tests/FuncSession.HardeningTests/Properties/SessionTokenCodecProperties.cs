using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FuncSession.Security;

namespace FuncSession.HardeningTests.Properties;

/// <summary>
/// The token codec under random and mutated input: nothing throws, nothing that was not issued
/// is accepted, and what was issued reads back to the same session, across a key rotation too.
/// </summary>
[Properties(Arbitrary = [typeof(Generators)], MaxTest = 500)]
public sealed class SessionTokenCodecProperties
{
    private static readonly SessionTokenCodec Codec = new(SigningKeyRing.Create(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));

    [Property(MaxTest = 3000)]
    public bool ArbitraryTextIsNeverAcceptedAndNeverThrows(TokenLikeText text)
    {
        Span<byte> id = stackalloc byte[SessionTokenCodec.IdBytes];
        return !Codec.TryRead(text.Value, out _) && !Codec.TryVerify(text.Value, id);
    }

    [Property]
    public bool AnIssuedTokenReadsBackToTheSameSession(SigningKey key)
    {
        var codec = new SessionTokenCodec(SigningKeyRing.Create(key.Bytes));
        var issued = codec.NewId();

        return codec.TryRead(issued.Token, out var read)
            && read == issued
            && issued.Token.Length == SessionTokenCodec.TokenChars
            && issued.Key.Length == 64;
    }

    [Property]
    public bool ATokenIsBoundToItsKey(SigningKey key, SigningKey other)
    {
        var issued = new SessionTokenCodec(SigningKeyRing.Create(key.Bytes)).NewId();
        var stranger = new SessionTokenCodec(SigningKeyRing.Create(other.Bytes));

        return !stranger.TryRead(issued.Token, out _);
    }

    [Property]
    public bool ATokenSignedByAnOlderKeyOfTheRingStillVerifiesUntilTheKeyIsRemoved(SigningKey older, SigningKey newer)
    {
        var issued = new SessionTokenCodec(SigningKeyRing.Create(older.Bytes)).NewId();
        var rotated = new SessionTokenCodec(SigningKeyRing.Create(newer.Bytes, older.Bytes));
        var retired = new SessionTokenCodec(SigningKeyRing.Create(newer.Bytes));

        var stillValid = rotated.TryRead(issued.Token, out var read) && read.Key == issued.Key;
        var newlyIssued = rotated.NewId();
        return stillValid
            && !retired.TryRead(issued.Token, out _)
            && retired.TryRead(newlyIssued.Token, out _)
            && !new SessionTokenCodec(SigningKeyRing.Create(older.Bytes)).TryRead(newlyIssued.Token, out _);
    }

    [Property(MaxTest = 3000)]
    public Property AnySingleCharacterChangeOfAnIssuedTokenIsRefused()
    {
        var mutations = Gen.Zip(Gen.Choose(0, SessionTokenCodec.TokenChars - 1), Generators.AnyChar);
        return Prop.ForAll(Arb.From(mutations), mutation =>
        {
            var issued = Codec.NewId().Token;
            var (at, replacement) = mutation;
            if (issued[at] == replacement)
            {
                return true;
            }
            var changed = string.Create(issued.Length, (issued, at, replacement), static (chars, s) =>
            {
                s.issued.AsSpan().CopyTo(chars);
                chars[s.at] = s.replacement;
            });
            return !Codec.TryRead(changed, out _);
        });
    }

    [Property(MaxTest = 1000)]
    public Property TruncatedOrExtendedTokensAreRefused()
    {
        var edits = Gen.Zip(Gen.Choose(0, SessionTokenCodec.TokenChars - 1), Generators.StringOf(Generators.AnyChar, 1, 4));
        return Prop.ForAll(Arb.From(edits), edit =>
        {
            var issued = Codec.NewId().Token;
            var (cut, extra) = edit;
            return !Codec.TryRead(issued.AsSpan(0, cut), out _)
                && !Codec.TryRead(issued + extra, out _)
                && !Codec.TryRead(extra + issued, out _)
                && !Codec.TryRead(issued[..cut] + extra + issued[cut..], out _);
        });
    }

    [Fact]
    public void IssuedIdsDoNotRepeat()
    {
        var keys = Enumerable.Range(0, 10_000).Select(_ => Codec.NewId().Key).ToHashSet();

        Assert.Equal(10_000, keys.Count);
    }
}
