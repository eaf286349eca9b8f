using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FuncSession.Sessions;

/// <summary>
/// The JSON of session values: one object in UTF-8, written compactly without HTML escaping (it is
/// served as application/json with nosniff), so its stored size is close to what clients sent.
/// </summary>
internal static class SessionJson
{
    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    private static readonly JsonDocumentOptions ReadOptions = new() { MaxDepth = 256 };

    public static byte[] Serialize(JsonNode? node)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            if (node is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                node.WriteTo(writer);
            }
        }
        return buffer.WrittenSpan.ToArray();
    }

    public static JsonObject ParseValues(byte[] values) =>
        JsonNode.Parse(values, documentOptions: ReadOptions) as JsonObject
        ?? throw new InvalidDataException("Stored session values are not a JSON object.");

    /// <summary>Sets one value; <paramref name="value"/> is parsed afresh so a retried write can apply it again.</summary>
    public static byte[] Set(byte[] values, string key, byte[] value)
    {
        var root = ParseValues(values);
        root[key] = JsonNode.Parse(value, documentOptions: ReadOptions);
        return Serialize(root);
    }

    /// <summary>Removes one value; null when there was no such value.</summary>
    public static byte[]? Remove(byte[] values, string key)
    {
        var root = ParseValues(values);
        return root.Remove(key) ? Serialize(root) : null;
    }

    /// <summary>The raw JSON of one value, or null when the key is absent.</summary>
    public static byte[]? Get(byte[] values, string key)
    {
        var reader = new Utf8JsonReader(values, new JsonReaderOptions { MaxDepth = ReadOptions.MaxDepth });
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var match = reader.ValueTextEquals(key);
            reader.Read();
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            if (match)
            {
                return values.AsSpan(start, (int)reader.BytesConsumed - start).ToArray();
            }
        }
        return null;
    }

    /// <summary>Applies a JSON merge patch (RFC 7396) to the values.</summary>
    public static byte[] MergePatch(byte[] values, byte[] patch)
    {
        var root = ParseValues(values);
        Merge(root, (JsonObject)JsonNode.Parse(patch, documentOptions: ReadOptions)!);
        return Serialize(root);
    }

    private static void Merge(JsonObject target, JsonObject patch)
    {
        foreach (var (name, value) in patch.ToArray())
        {
            if (value is null)
            {
                target.Remove(name);
            }
            else if (value is JsonObject patchObject)
            {
                if (target[name] is not JsonObject targetObject)
                {
                    targetObject = [];
                    target[name] = targetObject;
                }
                Merge(targetObject, patchObject);
            }
            else
            {
                patch.Remove(name);
                target[name] = value;
            }
        }
    }
}
