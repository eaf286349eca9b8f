using System.Globalization;
using System.Text;

namespace FuncSession.HardeningTests.Infrastructure;

/// <summary>
/// Every code point from U+0000 to U+10FFFF, sorted into classes: the 30 Unicode general
/// categories as .NET reports them, with noncharacters (U+FDD0..U+FDEF and the last two code
/// points of every plane) taken out of "not assigned" into a class of their own, and surrogates
/// standing for lone surrogates. Fuzzers draw a class first and then a code point in it, so rare
/// classes (a few dozen titlecase letters) come up as often as huge ones (private use).
/// </summary>
public static class UnicodeRepertoire
{
    public const string Noncharacter = "Noncharacter";

    /// <summary>The class names: the general categories' two-letter abbreviations (Lu, Ll, …, Cs, Co, Cn) and <see cref="Noncharacter"/>.</summary>
    public static IReadOnlyList<string> Classes { get; }

    private static readonly int[][] CodePoints;

    static UnicodeRepertoire()
    {
        var byClass = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var codePoint = 0; codePoint <= 0x10FFFF; codePoint++)
        {
            var name = IsNoncharacter(codePoint) ? Noncharacter : Abbreviation(CharUnicodeInfo.GetUnicodeCategory(codePoint));
            if (!byClass.TryGetValue(name, out var list))
            {
                byClass[name] = list = [];
            }
            list.Add(codePoint);
        }
        Classes = [.. byClass.Keys.Order(StringComparer.Ordinal)];
        CodePoints = [.. Classes.Select(c => byClass[c].ToArray())];
    }

    /// <summary>How many code points the class holds.</summary>
    public static int Count(string className) => CodePoints[IndexOf(className)].Length;

    /// <summary>The code point at <paramref name="index"/> within the class.</summary>
    public static int At(string className, int index) => CodePoints[IndexOf(className)][index];

    public static bool IsNoncharacter(int codePoint) => codePoint is >= 0xFDD0 and <= 0xFDEF || (codePoint & 0xFFFE) == 0xFFFE;

    /// <summary>
    /// Code points that broke or nearly broke text handling somewhere: U+FFFE (Unicode
    /// normalization refuses it), byte order marks, NUL, the last code point, replacement
    /// character, invisible and direction-changing ones, case and normalization oddities. Drawn
    /// one time in eight, as a class alone would rarely give them.
    /// </summary>
    public static IReadOnlyList<int> Edges { get; } =
    [
        0xFFFE, 0xFFFF, 0x1FFFE, 0x10FFFF, 0xFDD0, 0xFEFF, 0x0000, 0xFFFD, 0x200B, 0x200D, 0x202E, 0x2028, 0x0085, 0x3164,
        0xE0001, 0xD800, 0xDBFF, 0xDC00, 0x0130, 0x0131, 0x212A, 0x00DF, 0xFB03, 0xFDFA, 0x0345, 0x1E9E, 0x03A3, 0x0301,
    ];

    /// <summary>A random code point of a random class (now and then one of the <see cref="Edges"/>); the class's name comes with it.</summary>
    public static (int CodePoint, string ClassName) Next(Random random)
    {
        if (random.Next(8) == 0)
        {
            var edge = Edges[random.Next(Edges.Count)];
            return (edge, IsNoncharacter(edge) ? Noncharacter : Abbreviation(CharUnicodeInfo.GetUnicodeCategory(edge)));
        }
        var index = random.Next(Classes.Count);
        var members = CodePoints[index];
        return (members[random.Next(members.Length)], Classes[index]);
    }

    /// <summary>A random code point of the named class.</summary>
    public static int Next(Random random, string className)
    {
        var members = CodePoints[IndexOf(className)];
        return members[random.Next(members.Length)];
    }

    /// <summary>Appends the code point as UTF-16: a surrogate code point becomes one lone surrogate.</summary>
    public static void Append(StringBuilder text, int codePoint)
    {
        if (codePoint is >= 0xD800 and <= 0xDFFF)
        {
            text.Append((char)codePoint);
        }
        else
        {
            text.Append(char.ConvertFromUtf32(codePoint));
        }
    }

    /// <summary>
    /// The text as UTF-8, lone surrogates included as the three bytes UTF-8 would give them
    /// (ED A0 80 for U+D800), which is invalid UTF-8: what a sloppy encoder sends.
    /// </summary>
    public static byte[] LooseUtf8(string text)
    {
        var bytes = new List<byte>(text.Length * 2);
        Span<byte> buffer = stackalloc byte[4];
        for (var i = 0; i < text.Length; i++)
        {
            int codePoint = text[i];
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                codePoint = char.ConvertToUtf32(text[i], text[i + 1]);
                i++;
            }
            if (codePoint is >= 0xD800 and <= 0xDFFF)
            {
                bytes.Add((byte)(0xE0 | (codePoint >> 12)));
                bytes.Add((byte)(0x80 | ((codePoint >> 6) & 0x3F)));
                bytes.Add((byte)(0x80 | (codePoint & 0x3F)));
                continue;
            }
            var written = new Rune(codePoint).EncodeToUtf8(buffer);
            foreach (var b in buffer[..written])
            {
                bytes.Add(b);
            }
        }
        return [.. bytes];
    }

    private static int IndexOf(string className)
    {
        for (var i = 0; i < Classes.Count; i++)
        {
            if (Classes[i] == className)
            {
                return i;
            }
        }
        throw new ArgumentOutOfRangeException(nameof(className), className, "No such class.");
    }

    private static string Abbreviation(UnicodeCategory category) => category switch
    {
        UnicodeCategory.UppercaseLetter => "Lu",
        UnicodeCategory.LowercaseLetter => "Ll",
        UnicodeCategory.TitlecaseLetter => "Lt",
        UnicodeCategory.ModifierLetter => "Lm",
        UnicodeCategory.OtherLetter => "Lo",
        UnicodeCategory.NonSpacingMark => "Mn",
        UnicodeCategory.SpacingCombiningMark => "Mc",
        UnicodeCategory.EnclosingMark => "Me",
        UnicodeCategory.DecimalDigitNumber => "Nd",
        UnicodeCategory.LetterNumber => "Nl",
        UnicodeCategory.OtherNumber => "No",
        UnicodeCategory.SpaceSeparator => "Zs",
        UnicodeCategory.LineSeparator => "Zl",
        UnicodeCategory.ParagraphSeparator => "Zp",
        UnicodeCategory.Control => "Cc",
        UnicodeCategory.Format => "Cf",
        UnicodeCategory.Surrogate => "Cs",
        UnicodeCategory.PrivateUse => "Co",
        UnicodeCategory.ConnectorPunctuation => "Pc",
        UnicodeCategory.DashPunctuation => "Pd",
        UnicodeCategory.OpenPunctuation => "Ps",
        UnicodeCategory.ClosePunctuation => "Pe",
        UnicodeCategory.InitialQuotePunctuation => "Pi",
        UnicodeCategory.FinalQuotePunctuation => "Pf",
        UnicodeCategory.OtherPunctuation => "Po",
        UnicodeCategory.MathSymbol => "Sm",
        UnicodeCategory.CurrencySymbol => "Sc",
        UnicodeCategory.ModifierSymbol => "Sk",
        UnicodeCategory.OtherSymbol => "So",
        _ => "Cn",
    };
}
