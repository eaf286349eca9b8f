using System.Text.Json.Nodes;
using FsCheck.Xunit;
using FuncSession.Sessions;

namespace FuncSession.HardeningTests.Properties;

/// <summary>
/// The session values' JSON operations: merge patch against RFC 7396's own algorithm and its
/// algebra (idempotent, the empty patch is the identity, a value merged into itself is unchanged),
/// and set/get/remove of single values.
/// </summary>
[Properties(Arbitrary = [typeof(Generators)], MaxTest = 1000)]
public sealed class SessionJsonProperties
{
    [Property]
    public bool MergePatchDoesWhatRfc7396Says(JsonObjectText target, JsonObjectText patch)
    {
        var merged = JsonNode.Parse(SessionJson.MergePatch(target.Utf8, patch.Utf8));
        var expected = Rfc7396(target.Parse(), patch.Parse());

        return JsonNode.DeepEquals(merged, expected);
    }

    [Property]
    public bool MergePatchIsIdempotent(JsonObjectText target, JsonObjectText patch)
    {
        var once = SessionJson.MergePatch(target.Utf8, patch.Utf8);
        var twice = SessionJson.MergePatch(once, patch.Utf8);

        return JsonNode.DeepEquals(JsonNode.Parse(once), JsonNode.Parse(twice));
    }

    [Property]
    public bool AValueMergedIntoItselfIsUnchanged(NullFreeObjectText value) =>
        JsonNode.DeepEquals(JsonNode.Parse(SessionJson.MergePatch(value.Utf8, value.Utf8)), value.Parse());

    [Property]
    public bool TheEmptyPatchChangesNothing(JsonObjectText target) =>
        JsonNode.DeepEquals(JsonNode.Parse(SessionJson.MergePatch(target.Utf8, "{}"u8.ToArray())), target.Parse());

    [Property]
    public bool ANullFreePatchOfEmptyValuesIsThePatch(NullFreeObjectText patch) =>
        JsonNode.DeepEquals(JsonNode.Parse(SessionJson.MergePatch("{}"u8.ToArray(), patch.Utf8)), patch.Parse());

    [Property]
    public bool NullDeletesAndUntouchedKeysStay(JsonObjectText target, JsonObjectText patch)
    {
        var merged = (JsonObject)JsonNode.Parse(SessionJson.MergePatch(target.Utf8, patch.Utf8))!;
        var before = target.Parse();
        var changes = patch.Parse();

        return changes.All(p => p.Value is not null || !merged.ContainsKey(p.Key))
            && before.Where(p => !changes.ContainsKey(p.Key)).All(p => JsonNode.DeepEquals(merged[p.Key], p.Value));
    }

    [Property]
    public bool ASetValueReadsBackAndRemovesCleanly(JsonObjectText values, ValidKey key, JsonText value)
    {
        var set = SessionJson.Set(values.Utf8, key.Value, value.Utf8);
        var read = SessionJson.Get(set, key.Value);
        var removed = SessionJson.Remove(set, key.Value);

        return read is not null && read.AsSpan().SequenceEqual(value.Utf8)
            && removed is not null && SessionJson.Get(removed, key.Value) is null
            && SessionJson.Remove(removed, key.Value) is null
            && ((JsonObject)JsonNode.Parse(removed)!).Count == ((JsonObject)JsonNode.Parse(set)!).Count - 1;
    }

    /// <summary>The pseudo-code of RFC 7396, section 2, written out as plainly as possible.</summary>
    private static JsonNode? Rfc7396(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }
        var result = target is JsonObject targetObject ? (JsonObject)targetObject.DeepClone() : [];
        foreach (var (name, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(name);
            }
            else
            {
                result[name] = Rfc7396(result.TryGetPropertyValue(name, out var existing) ? existing?.DeepClone() : null, value);
            }
        }
        return result;
    }
}
