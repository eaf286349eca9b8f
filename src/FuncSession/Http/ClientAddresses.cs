using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace FuncSession.Http;

/// <summary>
/// The client address a request is limited by. Without <see cref="SessionOptions.ClientAddressHeader"/>
/// it is the connection's remote address. With it, it is the right-most entry of that header: the
/// one the platform's front end appended from the connection it accepted; entries further left
/// were sent by the client (or proxies it chose) and are ignored, so a client cannot name another
/// address. IPv6 clients are limited per /64, the block one subscriber usually holds.
/// </summary>
internal sealed class ClientAddresses(IOptions<SessionOptions> options)
{
    /// <summary>The partition of requests whose address cannot be read: they share one limit.</summary>
    public const string Unknown = "unknown";

    private readonly string _header = options.Value.ClientAddressHeader;

    /// <summary>The address as a limit partition key (no characters Table Storage refuses in a key).</summary>
    public string Of(HttpRequest request)
    {
        var address = AddressOf(request);
        return address is null ? Unknown : Key(address);
    }

    /// <summary>
    /// The request's network as "my sessions" shows it: the address truncated to its /24 (IPv4) or
    /// /48 (IPv6), enough to tell home from office without storing where exactly a user was.
    /// </summary>
    public string NetworkOf(HttpRequest request) => AddressOf(request) is { } address ? Network(address) : Unknown;

    private IPAddress? AddressOf(HttpRequest request)
    {
        if (_header.Length == 0)
        {
            return request.HttpContext.Connection.RemoteIpAddress;
        }
        var values = request.Headers[_header];
        return values.Count == 0 ? null : Parse(RightMost(values[^1]));
    }

    internal static string Network(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        var bytes = address.GetAddressBytes();
        var (keep, prefix) = address.AddressFamily == AddressFamily.InterNetworkV6 ? (6, 48) : (3, 24);
        Array.Clear(bytes, keep, bytes.Length - keep);
        return new IPAddress(bytes) + "/" + prefix.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    internal static ReadOnlySpan<char> RightMost(string? header)
    {
        var span = (header ?? "").AsSpan();
        var comma = span.LastIndexOf(',');
        return span[(comma + 1)..].Trim();
    }

    /// <summary>An address with or without a port (App Service appends "203.0.113.7:51234").</summary>
    internal static IPAddress? Parse(ReadOnlySpan<char> value)
    {
        if (IPAddress.TryParse(value, out var address))
        {
            return address;
        }
        return IPEndPoint.TryParse(value, out var endPoint) ? endPoint.Address : null;
    }

    internal static string Key(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes).ToString() + "-64";
    }
}
