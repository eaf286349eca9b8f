using System.Text;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FuncSession.Http;
using FuncSession.Sessions;

namespace FuncSession.HardeningTests.Properties;

/// <summary>
/// The strict JSON reader every request body goes through: arbitrary bytes never throw past it,
/// everything it refuses is a 400 problem, and what it accepts is what was sent.
/// </summary>
[Properties(Arbitrary = [typeof(Generators)], MaxTest = 1000)]
public sealed class JsonBodyProperties
{
    [Property(MaxTest = 5000)]
    public bool ArbitraryBytesYieldADocumentOrA400ProblemAndNeverThrow(BodyBytes body)
    {
        var (node, problem) = JsonBody.Parse(body.Value);
        if (problem is not null)
        {
            return node is null && problem.Status == 400 && problem.ContentType!.StartsWith("application/problem+json", StringComparison.Ordinal);
        }
        // Accepted: it must be storable as it is.
        return SessionJson.Serialize(node).Length > 0;
    }

    [Property]
    public bool ValidJsonIsAcceptedUnchanged(JsonText json)
    {
        var (node, problem) = JsonBody.Parse(json.Utf8);

        return problem is null && JsonNode.DeepEquals(node, json.Parse()) && SessionJson.Serialize(node).AsSpan().SequenceEqual(json.Utf8);
    }

    [Property]
    public Property AnInvalidUtf8SequenceAnywhereIsRefused()
    {
        byte[][] invalid = [[0x80], [0xC0, 0x80], [0xC3], [0xED, 0xA0, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xFF], [0xE2, 0x82]];
        var cases = Gen.Zip(Generators.Json().Generator, Gen.Zip(Gen.Choose(0, invalid.Length - 1), Gen.Choose(0, 1000)));
        return Prop.ForAll(Arb.From(cases), c =>
        {
            var (json, (which, where)) = c;
            // Inside a string: the most likely place for a client to send Latin-1 or broken text.
            var text = Encoding.UTF8.GetBytes("{\"s\":\"x\"}");
            var bytes = where % 2 == 0
                ? [.. text[..6], .. invalid[which], .. text[6..]]
                : (byte[])[.. json.Utf8.Take(where % (json.Utf8.Length + 1)), .. invalid[which], .. json.Utf8.Skip(where % (json.Utf8.Length + 1))];
            var (node, problem) = JsonBody.Parse(bytes);
            return node is null && problem?.Status == 400;
        });
    }

    [Property(MaxTest = 200)]
    public Property NestingIsAcceptedUpTo64LevelsAndRefusedBeyond()
    {
        return Prop.ForAll(Arb.From(Gen.Zip(Gen.Choose(1, 5000), Gen.Elements('[', '{'))), c =>
        {
            var (depth, open) = c;
            var builder = new StringBuilder();
            for (var i = 0; i < depth; i++)
            {
                builder.Append(open == '[' ? "[" : (i == 0 ? "{" : "\"a\":{"));
            }
            builder.Append(open == '[' ? ']' : '}', depth);
            var (node, problem) = JsonBody.Parse(Encoding.UTF8.GetBytes(builder.ToString()));
            return depth <= 64 ? problem is null && node is not null : problem?.Status == 400;
        });
    }

    [Property(MaxTest = 300)]
    public Property HugeNumbersAreKeptAsSent()
    {
        var numbers = Gen.Zip(Gen.Choose(1, 4000), Gen.Zip(Gen.Elements("", "-"), Gen.Elements("", "e999999", "E-999999", ".5e+308")))
            .Select(n => n.Item2.Item1 + "9" + new string('7', n.Item1 - 1) + n.Item2.Item2);
        return Prop.ForAll(Arb.From(numbers), number =>
        {
            var (node, problem) = JsonBody.Parse(Encoding.UTF8.GetBytes($"{{\"n\":{number}}}"));
            return problem is null && Encoding.UTF8.GetString(SessionJson.Serialize(node)) == $"{{\"n\":{number}}}";
        });
    }

    [Property(MaxTest = 300)]
    public bool DuplicatePropertyNamesAreRefused(NullFreeObjectText value)
    {
        var json = Encoding.UTF8.GetString(value.Utf8);
        var doubled = json == "{}" ? "{\"a\":1,\"a\":1}" : json[..^1] + "," + json[1..];
        var (_, problem) = JsonBody.Parse(Encoding.UTF8.GetBytes(doubled));
        return problem?.Status == 400;
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("{\"a\":}")]
    [InlineData("[1,]")]
    [InlineData("{'a':1}")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("01")]
    [InlineData("{\"a\":1}/* comment */")]
    [InlineData("{\"a\":1} {\"b\":2}")]
    [InlineData("\"\\uD800\"")]
    [InlineData("{\"\\uDC00\":1}")]
    [InlineData("\"\\u00\"")]
    public void MalformedJsonIsA400Problem(string body)
    {
        var (node, problem) = JsonBody.Parse(Encoding.UTF8.GetBytes(body));

        Assert.Null(node);
        Assert.Equal(400, problem?.Status);
    }
}
