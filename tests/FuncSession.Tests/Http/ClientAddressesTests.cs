using System.Net;
using FuncSession.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace FuncSession.Tests.Http;

/// <summary>Which address a request is limited by, with and without a trusted forwarded header.</summary>
public sealed class ClientAddressesTests
{
    [Theory]
    [InlineData("198.51.100.7", "198.51.100.7")]
    [InlineData("198.51.100.7:51234", "198.51.100.7")]
    [InlineData("10.0.0.1, 203.0.113.5, 198.51.100.7:443", "198.51.100.7")]
    [InlineData("forged, 198.51.100.7", "198.51.100.7")]
    [InlineData("[2001:db8:1:2:aaaa::1]:443", "2001:db8:1:2::-64")]
    [InlineData("2001:db8:1:2:bbbb::9", "2001:db8:1:2::-64")]
    [InlineData("198.51.100.7, not an address", ClientAddresses.Unknown)]
    [InlineData("", ClientAddresses.Unknown)]
    public void TheTrustedHeadersRightMostEntryIsTheAddress(string header, string expected)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Loopback;
        context.Request.Headers["X-Forwarded-For"] = header;

        Assert.Equal(expected, Addresses("X-Forwarded-For").Of(context.Request));
    }

    [Fact]
    public void WithoutATrustedHeaderTheConnectionsAddressCountsAndTheHeaderIsIgnored()
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse("::ffff:192.0.2.44");
        context.Request.Headers["X-Forwarded-For"] = "198.51.100.7";

        Assert.Equal("192.0.2.44", Addresses("").Of(context.Request));
    }

    private static ClientAddresses Addresses(string header) =>
        new(Options.Create(new SessionOptions { ClientAddressHeader = header }));
}
