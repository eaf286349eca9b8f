using System.Buffers;
using System.Text.Json;
using FuncSession.Sessions;

namespace FuncSession.Http;

/// <summary>The JSON bodies of the account endpoints.</summary>
internal static class AuthViews
{
    public static ApiResult Registered(string username) =>
        Write(201, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("username", username);
            writer.WriteEndObject();
        });

    public static ApiResult LoggedIn(SessionRecord session, string? token) =>
        Write(200, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("username", session.User);
            writer.WriteString("expiresAt", session.ExpiresAt.UtcDateTime);
            writer.WriteBoolean("permanent", session.Permanent);
            if (token is not null)
            {
                writer.WriteString("token", token);
            }
            writer.WriteEndObject();
        });

    public static ApiResult Me(SessionRecord session) =>
        Write(200, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("username", session.User);
            if (session.AuthenticatedAt is { } at)
            {
                writer.WriteString("authenticatedAt", at.UtcDateTime);
            }
            else
            {
                writer.WriteNull("authenticatedAt");
            }
            writer.WriteString("expiresAt", session.ExpiresAt.UtcDateTime);
            writer.WriteBoolean("permanent", session.Permanent);
            writer.WriteEndObject();
        });

    /// <summary>The "my sessions" array; <paramref name="header"/> is the next page's link, when there is one.</summary>
    public static ApiResult Sessions(
        IEnumerable<(string Handle, SessionRecord Session, SessionDevice? Device, bool Current)> sessions, (string Name, string Value)? header) =>
        Write(200, header, writer =>
        {
            writer.WriteStartArray();
            foreach (var (handle, session, device, current) in sessions)
            {
                writer.WriteStartObject();
                writer.WriteString("id", handle);
                // Sessions logged in before devices were recorded have none: the same words as for an unreadable User-Agent.
                writer.WriteString("device", device?.Label ?? DeviceLabels.Unknown);
                writer.WriteString("network", device?.Network ?? ClientAddresses.Unknown);
                writer.WriteString("createdAt", session.CreatedAt.UtcDateTime);
                writer.WriteString("lastSeenAt", session.LastSeenAt.UtcDateTime);
                writer.WriteString("expiresAt", session.ExpiresAt.UtcDateTime);
                writer.WriteBoolean("permanent", session.Permanent);
                writer.WriteBoolean("current", current);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        });

    private static ApiResult Write(int status, Action<Utf8JsonWriter> write) => Write(status, null, write);

    private static ApiResult Write(int status, (string Name, string Value)? header, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, SessionJson.WriterOptions))
        {
            write(writer);
        }
        return ApiResult.Json(status, buffer.WrittenMemory, header);
    }
}
