namespace FuncSession.Accounts;

/// <summary>Which part of the user-name rule a new name breaks.</summary>
internal enum UserNameRule
{
    /// <summary>Length or characters: 1 to 64 letters, marks, digits and <c>. _ - @</c>.</summary>
    Shape,

    /// <summary>It holds a code point that renders as nothing (zero-width joiner, Hangul filler, variation selector, …).</summary>
    DefaultIgnorable,

    /// <summary>It mixes scripts (Unicode TS #39 single-script rule), as a look-alike of a name in one script does.</summary>
    MixedScripts,
}
