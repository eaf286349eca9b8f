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
        IPAddress? address;
        if (_header.Length == 0)
        {
            address = request.HttpContext.Connection.RemoteIpAddress;
        }
        else
        {
            var values = request.Headers[_header];
            address = values.Count == 0 ? null : Parse(RightMost(values[^1]));
        }
        return address is null ? Unknown : Key(address);
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
