using System.Text;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using FuncSession.HardeningTests.Infrastructure;
using FuncSession.Sessions;

namespace FuncSession.HardeningTests.Properties;

/// <summary>Text that may or may not look like a session token.</summary>
public sealed record TokenLikeText(string Value)
{
    public override string ToString() => Value.Length > 100 ? Value[..100] + $"… ({Value.Length} chars)" : Value;
}

/// <summary>A signing key: at least 32 random bytes.</summary>
public sealed record SigningKey(byte[] Bytes)
{
    public override string ToString() => Convert.ToBase64String(Bytes);
}

/// <summary>One JSON document as UTF-8 bytes, parsed afresh wherever it is used (a node has one parent).</summary>
public sealed record JsonText(byte[] Utf8)
{
    public JsonNode? Parse() => JsonNode.Parse(Utf8);

    public override string ToString() => Encoding.UTF8.GetString(Utf8);
}

/// <summary>A JSON object of session values (the target of a merge patch).</summary>
public sealed record JsonObjectText(byte[] Utf8)
{
    public JsonObject Parse() => (JsonObject)JsonNode.Parse(Utf8)!;

    public override string ToString() => Encoding.UTF8.GetString(Utf8);
}

/// <summary>A JSON object without null members at any depth: merging it never deletes.</summary>
public sealed record NullFreeObjectText(byte[] Utf8)
{
    public JsonObject Parse() => (JsonObject)JsonNode.Parse(Utf8)!;

    public override string ToString() => Encoding.UTF8.GetString(Utf8);
}

/// <summary>Candidate keys of session values: allowed characters mixed with forbidden ones, lengths around the limit.</summary>
public sealed record KeyCandidate(string Value)
{
    public override string ToString() => Value.Length > 60 ? Value[..60] + $"… ({Value.Length} chars)" : Value;
}

/// <summary>A key that the contract allows.</summary>
public sealed record ValidKey(string Value)
{
    public override string ToString() => Value;
}

/// <summary>Arbitrary bytes, biased towards almost-JSON.</summary>
public sealed record BodyBytes(byte[] Value)
{
    public override string ToString() => Convert.ToHexString(Value.AsSpan(0, Math.Min(Value.Length, 64)));
}

/// <summary>The generators the property tests use, registered with <c>[Property(Arbitrary = …)]</c>.</summary>
public static class Generators
{
    public const string Base64UrlAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    public const string KeyAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:-";

    private static readonly char[] NastyChars =
        ['+', '/', '=', ' ', '\0', '\t', '\n', '%', '"', '\\', ';', ',', 'é', 'ß', 'İ', '\u212A', '\uFF21', '\u0130', '\uD800', '\uDC00', '\u200B', '\uFEFF'];

    private static readonly string[] PropertyNames = ["a", "b", "c", "d", "e", "user", "cart", "ü", "🍪", "a.b", ""];

    public static Gen<char> AnyChar { get; } = Gen.Frequency(
        (6, Gen.Elements(Base64UrlAlphabet.ToCharArray())),
        (2, Gen.Elements(NastyChars)),
        (2, Gen.Choose(0, 0xFFFF).Select(c => (char)c)));

    /// <summary>A code point of any Unicode class (<see cref="UnicodeRepertoire"/>): each class equally likely, lone surrogates included.</summary>
    public static Gen<int> AnyCodePoint { get; } = Gen.Frequency(
        (7, Gen.Choose(0, UnicodeRepertoire.Classes.Count - 1).SelectMany(c => Gen.Choose(0, UnicodeRepertoire.Count(UnicodeRepertoire.Classes[c]) - 1)
            .Select(i => UnicodeRepertoire.At(UnicodeRepertoire.Classes[c], i)))),
        (1, Gen.Elements(UnicodeRepertoire.Edges.ToArray())));

    /// <summary>Text of code points of every class; lone surrogates stay lone.</summary>
    public static Gen<string> AnyUnicodeText(int minLength, int maxLength) =>
        Gen.Choose(minLength, maxLength).SelectMany(n => Gen.ArrayOf(AnyCodePoint, n)).Select(codePoints =>
        {
            var text = new StringBuilder();
            foreach (var codePoint in codePoints)
            {
                UnicodeRepertoire.Append(text, codePoint);
            }
            return text.ToString();
        });

    public static Gen<string> StringOf(Gen<char> chars, int minLength, int maxLength) =>
        Gen.Choose(minLength, maxLength).SelectMany(n => Gen.ArrayOf(chars, n)).Select(a => new string(a));

    public static Arbitrary<TokenLikeText> TokenLike() => Arb.From(Gen.Frequency(
        (3, StringOf(AnyChar, 0, 200)),
        // The right shape: 43 characters, a dot, 43 characters.
        (5, Gen.Zip(StringOf(Gen.Elements(Base64UrlAlphabet.ToCharArray()), 43, 43), StringOf(Gen.Elements(Base64UrlAlphabet.ToCharArray()), 43, 43))
            .Select(p => p.Item1 + "." + p.Item2)),
        (2, Gen.Zip(StringOf(AnyChar, 43, 43), StringOf(AnyChar, 43, 43)).Select(p => p.Item1 + "." + p.Item2)),
        (1, StringOf(AnyChar, 86, 88)),
        (1, AnyUnicodeText(0, 90)))
        .Select(s => new TokenLikeText(s)));

    public static Arbitrary<SigningKey> Key() => Arb.From(
        Gen.Choose(32, 64).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), n)).Select(b => new SigningKey(b)));

    public static Arbitrary<KeyCandidate> KeyCandidates() => Arb.From(Gen.Frequency(
        (4, Gen.Choose(0, 140).SelectMany(n => StringOf(Gen.Elements(KeyAlphabet.ToCharArray()), n, n))),
        (4, Gen.Choose(0, 140).SelectMany(n => StringOf(Gen.Frequency((9, Gen.Elements(KeyAlphabet.ToCharArray())), (1, AnyChar)), n, n))),
        (2, Gen.Choose(125, 131).SelectMany(n => StringOf(Gen.Elements(KeyAlphabet.ToCharArray()), n, n))),
        (1, AnyUnicodeText(1, 40)))
        .Select(s => new KeyCandidate(s)));

    public static Arbitrary<ValidKey> ValidKeys() => Arb.From(
        Gen.Choose(1, 128).SelectMany(n => StringOf(Gen.Elements(KeyAlphabet.ToCharArray()), n, n)).Select(s => new ValidKey(s)));

    public static Arbitrary<JsonText> Json() => Arb.From(Gen.Sized(size => Node(Math.Min(size, 30), 4, allowNullMembers: true))
        .Select(n => new JsonText(SessionJson.Serialize(n))));

    public static Arbitrary<JsonObjectText> JsonObjects() => Arb.From(Gen.Sized(size => ObjectNode(Math.Min(size, 30), 4, allowNullMembers: true))
        .Select(n => new JsonObjectText(SessionJson.Serialize(n))));

    public static Arbitrary<NullFreeObjectText> NullFreeObjects() => Arb.From(Gen.Sized(size => ObjectNode(Math.Min(size, 30), 4, allowNullMembers: false))
        .Select(n => new NullFreeObjectText(SessionJson.Serialize(n))));

    public static Arbitrary<BodyBytes> Bodies() => Arb.From(Gen.Frequency(
        (3, Gen.Choose(0, 300).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), n))),
        // Valid JSON with one byte changed, dropped or duplicated.
        (5, Gen.Sized(size => Node(Math.Min(size, 20), 3, allowNullMembers: true)).Select(SessionJson.Serialize)
            .SelectMany(bytes => Gen.Zip(Gen.Choose(0, Math.Max(0, bytes.Length - 1)), Gen.Zip(Gen.Choose(0, 255), Gen.Choose(0, 2)))
                .Select(m => Mutate(bytes, m.Item1, (byte)m.Item2.Item1, m.Item2.Item2)))),
        (2, Gen.Sized(size => Node(Math.Min(size, 20), 3, allowNullMembers: true)).Select(SessionJson.Serialize)))
        .Select(b => new BodyBytes(b)));

    private static byte[] Mutate(byte[] bytes, int at, byte value, int how)
    {
        if (bytes.Length == 0)
        {
            return [value];
        }
        var list = bytes.ToList();
        switch (how)
        {
            case 0: list[at] = value; break;
            case 1: list.RemoveAt(at); break;
            default: list.Insert(at, list[at]); break;
        }
        return [.. list];
    }

    private static Gen<JsonNode?> Node(int size, int depth, bool allowNullMembers)
    {
        var leaves = Gen.Frequency(
            (1, Gen.Constant<JsonNode?>(null)),
            (1, Gen.Elements(true, false).Select(b => (JsonNode?)JsonValue.Create(b))),
            (2, Gen.Choose(-1000, 1000).Select(i => (JsonNode?)JsonValue.Create(i))),
            (1, Gen.Choose(-100000, 100000).Select(i => (JsonNode?)JsonValue.Create(i / 64.0))),
            (3, Text().Select(s => (JsonNode?)JsonValue.Create(s))));
        if (depth == 0 || size <= 1)
        {
            return leaves;
        }
        return Gen.Frequency(
            (4, leaves),
            (1, ArrayNode(size, depth, allowNullMembers).Select(a => (JsonNode?)a)),
            (2, ObjectNode(size, depth, allowNullMembers).Select(o => (JsonNode?)o)));
    }

    private static Gen<JsonArray> ArrayNode(int size, int depth, bool allowNullMembers) =>
        Gen.Choose(0, Math.Min(size / 2, 5))
            .SelectMany(n => Gen.ArrayOf(Node(size / 2, depth - 1, allowNullMembers), n))
            .Select(items => new JsonArray(items));

    private static Gen<JsonObject> ObjectNode(int size, int depth, bool allowNullMembers)
    {
        var value = allowNullMembers
            ? Node(size / 2, depth - 1, allowNullMembers)
            : Node(size / 2, depth - 1, allowNullMembers).Where(n => n is not null);
        return Gen.Choose(0, Math.Min(Math.Max(size / 2, 1), 6))
            .SelectMany(n => Gen.ArrayOf(Gen.Zip(Gen.Elements(PropertyNames), value), n))
            .Select(members =>
            {
                var result = new JsonObject();
                foreach (var (name, node) in members)
                {
                    result[name] = node;
                }
                return result;
            });
    }

    /// <summary>Strings of valid Unicode: ASCII, accents, CJK, emoji (surrogate pairs), escapes, and code points of every class (noncharacters, private use, unassigned).</summary>
    private static Gen<string> Text() =>
        Gen.Choose(0, 12).SelectMany(n => Gen.ArrayOf(Gen.Frequency(
            (6, Gen.Choose(0x20, 0x7E)),
            (1, Gen.Choose(0x00, 0x1F)),
            (1, Gen.Choose(0xA0, 0x2FF)),
            (1, Gen.Choose(0x4E00, 0x4FFF)),
            (1, Gen.Choose(0x1F300, 0x1F64F)),
            // Every class but lone surrogates, which a JSON string cannot hold as text.
            (2, AnyCodePoint.Where(c => c is < 0xD800 or > 0xDFFF))), n))
        .Select(codePoints => string.Concat(codePoints.Select(char.ConvertFromUtf32)));
}
