using System.Text;
using System.Text.Json;
using FuncSession.Sessions;

namespace FuncSession.Tests.Sessions;

public sealed class SessionJsonTests
{
    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    // The examples of RFC 7396, appendix A, applied to a session's values.
    [Theory]
    [InlineData("""{"a":"b"}""", """{"a":"c"}""", """{"a":"c"}""")]
    [InlineData("""{"a":"b"}""", """{"b":"c"}""", """{"a":"b","b":"c"}""")]
    [InlineData("""{"a":"b"}""", """{"a":null}""", """{}""")]
    [InlineData("""{"a":"b","b":"c"}""", """{"a":null}""", """{"b":"c"}""")]
    [InlineData("""{"a":["b"]}""", """{"a":"c"}""", """{"a":"c"}""")]
    [InlineData("""{"a":"c"}""", """{"a":["b"]}""", """{"a":["b"]}""")]
    [InlineData("""{"a":{"b":"c"}}""", """{"a":{"b":"d","c":null}}""", """{"a":{"b":"d"}}""")]
    [InlineData("""{"a":[{"b":"c"}]}""", """{"a":[1]}""", """{"a":[1]}""")]
    [InlineData("""{"e":null}""", """{"a":1}""", """{"e":null,"a":1}""")]
    [InlineData("""{}""", """{"a":{"bb":{"ccc":null}}}""", """{"a":{"bb":{}}}""")]
    public void MergePatchFollowsRfc7396(string values, string patch, string expected)
    {
        var merged = SessionJson.MergePatch(Utf8(values), Utf8(patch));

        Assert.True(JsonElement.DeepEquals(JsonDocument.Parse(expected).RootElement, JsonDocument.Parse(merged).RootElement));
    }

    [Fact]
    public void GetReturnsTheRawValueOrNull()
    {
        var values = Utf8("""{"a":{"x":[1,2]},"b":"two","c":null}""");

        Assert.Equal("""{"x":[1,2]}""", Encoding.UTF8.GetString(SessionJson.Get(values, "a")!));
        Assert.Equal("\"two\"", Encoding.UTF8.GetString(SessionJson.Get(values, "b")!));
        Assert.Equal("null", Encoding.UTF8.GetString(SessionJson.Get(values, "c")!));
        Assert.Null(SessionJson.Get(values, "d"));
    }

    [Fact]
    public void SetAndRemoveChangeOnlyTheirKey()
    {
        var values = SessionJson.Set(Utf8("""{"a":1}"""), "b", Utf8("[true]"));
        var removed = SessionJson.Remove(values, "a");

        Assert.Equal("""{"a":1,"b":[true]}""", Encoding.UTF8.GetString(values));
        Assert.Equal("""{"b":[true]}""", Encoding.UTF8.GetString(removed!));
        Assert.Null(SessionJson.Remove(removed!, "a"));
    }

    [Fact]
    public void NonAsciiTextIsStoredWithoutEscaping()
    {
        var values = SessionJson.Set(SessionRecord.EmptyValues, "k", Utf8("\"héllo ☃\""));

        Assert.Equal("{\"k\":\"héllo ☃\"}", Encoding.UTF8.GetString(values));
    }
}
