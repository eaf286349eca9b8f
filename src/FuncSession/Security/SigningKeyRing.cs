using System.Buffers.Text;
using Microsoft.Extensions.Options;

namespace FuncSession.Security;

/// <summary>
/// The keys that sign and verify session cookies: the first signs, every key verifies, so a new
/// key can be put in front while cookies signed with the old one keep working.
/// </summary>
internal sealed class SigningKeyRing
{
    public const int MinimumKeyBytes = 32;

    private SigningKeyRing(byte[][] keys) => Keys = keys;

    public SigningKeyRing(IOptions<SessionOptions> options)
        : this(Parse(options.Value.SigningKeys))
    {
    }

    /// <summary>The keys, the signing key first.</summary>
    public IReadOnlyList<byte[]> Keys { get; }

    public byte[] SigningKey => Keys[0];

    public static SigningKeyRing Create(params byte[][] keys) => new(keys);

    private static byte[][] Parse(string value) =>
        TryParse(value, out var keys, out var error)
            ? keys
            : throw new OptionsValidationException(SessionDefaults.ConfigurationSection, typeof(SessionOptions), [error]);

    public static bool TryParse(string? value, out byte[][] keys, out string error)
    {
        keys = [];
        var parts = (value ?? "").Split([',', ';', ' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            error = "is not set. Give one or more base64 keys of at least 32 random bytes, separated by commas "
                + "(for example the output of `openssl rand -base64 32`); the first key signs, all verify.";
            return false;
        }

        var result = new byte[parts.Length][];
        for (var i = 0; i < parts.Length; i++)
        {
            var key = Decode(parts[i]);
            if (key is null)
            {
                error = $"holds a key (number {i + 1}) that is not base64.";
                return false;
            }
            if (key.Length < MinimumKeyBytes)
            {
                error = $"holds a key (number {i + 1}) of {key.Length} bytes; each key needs at least {MinimumKeyBytes} random bytes.";
                return false;
            }
            result[i] = key;
        }

        keys = result;
        error = "";
        return true;
    }

    private static byte[]? Decode(string text)
    {
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            return Base64Url.IsValid(text) ? Base64Url.DecodeFromChars(text) : null;
        }
    }
}
