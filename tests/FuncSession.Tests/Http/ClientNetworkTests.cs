using System.Net;
using FuncSession.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace FuncSession.Tests.Http;

/// <summary>The network "my sessions" shows: the client address cut to its /24 or /48.</summary>
public sealed class ClientNetworkTests
{
    [Theory]
    [InlineData("203.0.113.77", "203.0.113.0/24")]
    [InlineData("198.51.100.255", "198.51.100.0/24")]
    [InlineData("10.1.2.3", "10.1.2.0/24")]
    [InlineData("2001:db8:abcd:12:34:56:78:9a", "2001:db8:abcd::/48")]
    [InlineData("2001:db8:1::1", "2001:db8:1::/48")]
    [InlineData("::1", "::/48")]
    [InlineData("::ffff:203.0.113.9", "203.0.113.0/24")]
    public void AnAddressIsCutToItsNetwork(string address, string network) =>
        Assert.Equal(network, ClientAddresses.Network(IPAddress.Parse(address)));

    [Theory]
    [InlineData("10.0.0.1, 203.0.113.77:51234", "203.0.113.0/24")]
    [InlineData("[2001:db8:abcd:12::1]:443", "2001:db8:abcd::/48")]
    [InlineData("not an address", ClientAddresses.Unknown)]
    public void TheNetworkComesFromTheSameAddressTheLimitsUse(string header, string network)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Loopback;
        context.Request.Headers["X-Forwarded-For"] = header;
        var addresses = new ClientAddresses(Options.Create(new SessionOptions { ClientAddressHeader = "X-Forwarded-For" }));

        Assert.Equal(network, addresses.NetworkOf(context.Request));
    }

    [Fact]
    public void WithoutATrustedHeaderTheConnectionsAddressIsCut()
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse("::ffff:192.0.2.200");
        var addresses = new ClientAddresses(Options.Create(new SessionOptions()));

        Assert.Equal("192.0.2.0/24", addresses.NetworkOf(context.Request));
    }
}
