namespace FuncSession.Http;

/// <summary>The rule for keys of session values: 1 to 128 of <c>A-Z a-z 0-9 . _ : -</c>.</summary>
internal static class SessionKeys
{
    public static bool IsValid(string? key) =>
        key is { Length: > 0 and <= SessionDefaults.MaxKeyLength } && key.AsSpan().IndexOfAnyExcept(Allowed) < 0;

    private static readonly System.Buffers.SearchValues<char> Allowed =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:-");
}
