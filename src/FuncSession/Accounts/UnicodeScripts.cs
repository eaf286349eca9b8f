namespace FuncSession.Accounts;

/// <summary>
/// The Unicode script facts the user-name rule needs, which .NET does not expose: each code
/// point's script set (its Script_Extensions, else its Script) and Default_Ignorable_Code_Point,
/// looked up in <see cref="UnicodeScriptData"/>, generated from the Unicode Character Database.
/// </summary>
internal static class UnicodeScripts
{
    private const string Common = "Zyyy";
    private const string Inherited = "Zinh";
    private const string Unknown = "Zzzz";

    private static readonly string[][] Sets = [.. UnicodeScriptData.Sets.Select(s => s.Split(' '))];

    /// <summary>The ISO 15924 codes of the scripts the code point is used with: Zyyy for Common, Zinh for Inherited, Zzzz when unassigned in the data.</summary>
    public static IReadOnlyList<string> Of(int codePoint)
    {
        var run = Array.BinarySearch(UnicodeScriptData.RunStarts, codePoint);
        return Sets[UnicodeScriptData.RunSets[run >= 0 ? run : ~run - 1]];
    }

    /// <summary>Invisible in rendering (soft hyphen, zero-width joiners, variation selectors, Hangul fillers, …).</summary>
    public static bool IsDefaultIgnorable(int codePoint)
    {
        var bound = Array.BinarySearch(UnicodeScriptData.DefaultIgnorableBounds, codePoint);
        // Inside a range when the number of bounds at or below the code point is odd.
        var atOrBelow = bound >= 0 ? bound + 1 : ~bound;
        return atOrBelow % 2 == 1;
    }

    /// <summary>
    /// Unicode TS #39 §5.1 "single script": the intersection of every character's augmented script
    /// set is not empty. Common and Inherited characters (digits, punctuation, combining marks)
    /// go with any script; Han goes with Japanese, Korean and Bopomofo, Hiragana and Katakana with
    /// Japanese, Hangul with Korean. A code point unknown to the data is never single-script.
    /// </summary>
    public static bool IsSingleScript(string text)
    {
        HashSet<string>? resolved = null;
        foreach (var rune in text.EnumerateRunes())
        {
            var scripts = Of(rune.Value);
            if (scripts is [Common] or [Inherited])
            {
                continue;
            }
            if (scripts is [Unknown])
            {
                return false;
            }
            var augmented = Augment(scripts);
            if (resolved is null)
            {
                resolved = augmented;
            }
            else
            {
                resolved.IntersectWith(augmented);
            }
            if (resolved.Count == 0)
            {
                return false;
            }
        }
        return true;
    }

    private static HashSet<string> Augment(IReadOnlyList<string> scripts)
    {
        var set = new HashSet<string>(scripts, StringComparer.Ordinal);
        foreach (var script in scripts)
        {
            switch (script)
            {
                case "Hani": set.UnionWith(["Hanb", "Jpan", "Kore"]); break;
                case "Hira" or "Kana": set.Add("Jpan"); break;
                case "Hang": set.Add("Kore"); break;
                case "Bopo": set.Add("Hanb"); break;
            }
        }
        return set;
    }
}
