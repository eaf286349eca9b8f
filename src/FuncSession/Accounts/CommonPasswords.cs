using System.Collections.Frozen;
using System.Text;

namespace FuncSession.Accounts;

/// <summary>
/// The most common passwords, from the frequency-ranked password list that the zxcvbn-core
/// package ships (its embedded <c>passwords.lst</c>, most common first). Compared after NFKC and
/// lower-casing, so "Password1" and "ｐａｓｓｗｏｒｄ1" count as the listed "password1".
/// </summary>
internal static class CommonPasswords
{
    private const string Resource = "zxcvbn-core.Dictionaries.passwords.lst";

    private static readonly Lazy<FrozenSet<string>> List = new(() => Load(AccountDefaults.CommonPasswordCount));

    /// <summary>How many passwords are refused.</summary>
    public static int Count => List.Value.Count;

    /// <summary>True when the password, normalized and lower-cased, is on the list. Only for text (<see cref="PasswordPolicy"/> checks that first).</summary>
    public static bool Contains(string password) => List.Value.Contains(Key(password));

    /// <summary>The first <paramref name="count"/> entries of the list, most common first.</summary>
    internal static IReadOnlyList<string> Read(int count)
    {
        using var stream = typeof(Zxcvbn.Zxcvbn).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"The zxcvbn-core package no longer carries {Resource}.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var passwords = new List<string>(count);
        while (passwords.Count < count && reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                passwords.Add(line);
            }
        }
        return passwords;
    }

    private static FrozenSet<string> Load(int count) => Read(count).Select(Key).ToFrozenSet(StringComparer.Ordinal);

    private static string Key(string password) => password.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
}
