using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using FuncSession.Sessions;

namespace FuncSession.Benchmarks;

/// <summary>
/// The session contents every benchmark uses, so the microbenchmarks, the API load and the raw
/// storage baseline move the same bytes: a one-value session and a 50-value one.
/// </summary>
internal static class SampleSessions
{
    public const string SmallKey = "greeting";

    /// <summary>
    /// A session key of the API's shape for <paramref name="name"/>: 64 hex digits (the API keys a session
    /// by the SHA-256 of its id). Storage's work per call grows with the key, which appears twice in every
    /// request's address and in every entity's body, so a baseline with short keys would do less than the API.
    /// </summary>
    public static string KeyFor(string name) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)));

    /// <summary>The value the load benchmark reads and writes: a small JSON string.</summary>
    public static readonly byte[] SmallValues = """{"greeting":"hello, world"}"""u8.ToArray();

    /// <summary>50 values of the kinds a web front end keeps: short strings, numbers, flags, small objects.</summary>
    public static readonly byte[] FiftyValues = Encoding.UTF8.GetBytes(FiftyValuesObject().ToJsonString());

    public static JsonObject FiftyValuesObject()
    {
        var values = new JsonObject();
        for (var i = 0; i < 50; i++)
        {
            values[$"key{i:00}"] = (i % 5) switch
            {
                0 => JsonValue.Create($"value number {i} of the session"),
                1 => JsonValue.Create(i * 1000 + 7),
                2 => JsonValue.Create(i % 2 == 0),
                3 => new JsonObject { ["id"] = i, ["name"] = $"item {i}", ["tags"] = new JsonArray("a", "b") },
                _ => new JsonArray(i, i + 1, i + 2),
            };
        }
        return values;
    }

    public static SessionRecord Record(string key, byte[] values)
    {
        var now = DateTimeOffset.UtcNow;
        return new SessionRecord
        {
            Key = key,
            Values = values,
            CreatedAt = now,
            LastSeenAt = now,
            ExpiresAt = now.AddMinutes(30),
            AbsoluteExpiresAt = now.AddHours(12),
            IndexBucket = "000000000000-00",
        };
    }

    public static int PrintFiftyValuesPatch()
    {
        Console.WriteLine(new JsonObject { ["values"] = FiftyValuesObject() }.ToJsonString());
        return 0;
    }
}
