using System.Buffers;
using System.Text.Json;
using FuncSession.Sessions;

namespace FuncSession.Http;

/// <summary>The body of <c>GET /api/session</c>: the values as stored, written without re-parsing them.</summary>
internal static class SessionView
{
    public static ApiResult Of(SessionRecord? session)
    {
        var buffer = new ArrayBufferWriter<byte>((session?.Values.Length ?? 2) + 192);
        using (var writer = new Utf8JsonWriter(buffer, SessionJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("values");
            writer.WriteRawValue(session?.Values ?? SessionRecord.EmptyValues, skipInputValidation: true);
            writer.WriteBoolean("permanent", session?.Permanent ?? false);
            WriteOptional(writer, "user", session?.User);
            WriteOptional(writer, "createdAt", session?.CreatedAt);
            WriteOptional(writer, "expiresAt", session?.ExpiresAt);
            writer.WriteEndObject();
        }
        return ApiResult.Json(200, buffer.WrittenMemory);
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, DateTimeOffset? value)
    {
        if (value is { } time)
        {
            writer.WriteString(name, time.UtcDateTime);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
