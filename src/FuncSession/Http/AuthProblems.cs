using System.Globalization;
using FuncSession.Accounts;

namespace FuncSession.Http;

/// <summary>The problems of the account endpoints. Each <c>type</c> is stable: clients may branch on it.</summary>
internal static class AuthProblems
{
    private static readonly (string, string) Challenge = ("WWW-Authenticate", "Bearer realm=\"FuncSession\"");

    /// <summary>The one answer for an unknown name and a wrong password: same status, same body, same header.</summary>
    public static ApiResult InvalidCredentials() => Problems.Create(401, "invalid-credentials", "Wrong user name or password",
        "The user name or the password is wrong. Check both and try again.", Challenge);

    public static ApiResult NotAuthenticated() => Problems.Create(401, "not-authenticated", "Not logged in",
        "This needs a logged-in session: log in with POST /api/auth/login and send its cookie or bearer token.", Challenge);

    /// <summary>The same for every name, known or not: it depends only on that name's failures.</summary>
    public static ApiResult TooManyAttempts(TimeSpan retryAfter)
    {
        var seconds = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return Problems.Create(429, "too-many-attempts", "Too many failed logins",
            $"This user name is locked after repeated failed logins. Try again in {seconds} seconds (see Retry-After).",
            ("Retry-After", seconds));
    }

    public static ApiResult UserNameTaken() => Problems.Create(409, "username-taken", "User name taken",
        "An account with this user name exists already (names are compared ignoring case and Unicode width). Choose another name.");

    public static ApiResult InvalidUserName() => Problems.Create(400, "invalid-username", "Invalid user name",
        $"A user name is {AccountDefaults.MinUserNameLength} to {AccountDefaults.MaxUserNameLength} letters, digits, '.', '_', '-' or '@' "
        + "(letters of any script); no spaces or other symbols.");

    public static ApiResult InvalidPassword() => Problems.Create(400, "invalid-password", "Invalid password",
        $"A password is {AccountDefaults.MinPasswordLength} to {AccountDefaults.MaxPasswordLength} characters; any characters are allowed, "
        + "and none are cut off or changed in case.");

    /// <summary>The invalid-username problem, with a detail that says which rule the new name breaks.</summary>
    internal static ApiResult InvalidUserName(UserNameRule rule) => rule switch
    {
        UserNameRule.DefaultIgnorable => Problems.Create(400, "invalid-username", "Invalid user name",
            "A user name may not hold invisible characters (such as zero-width joiners, variation selectors or Hangul fillers)."),
        UserNameRule.MixedScripts => Problems.Create(400, "invalid-username", "Invalid user name",
            "A user name must be written in one script: letters of one alphabet (Latin, Cyrillic, Greek, …; Han with Kana or Hangul is fine), "
            + "with digits and '.', '_', '-' or '@'. Mixing alphabets, as in a Latin name with a Cyrillic 'а', is refused."),
        _ => InvalidUserName(),
    };

    /// <summary>The invalid-password problem for text that is not text: noncharacters such as U+FFFE.</summary>
    public static ApiResult PasswordNotText() => Problems.Create(400, "invalid-password", "Invalid password",
        "A password may hold any characters except Unicode noncharacters (such as U+FFFE, U+FFFF and U+FDD0 to U+FDEF), which are not text.");

    public static ApiResult CommonPassword() => Problems.Create(400, "common-password", "Password too common",
        "This password is one of the most commonly used ones, which attackers try first. Choose a less common one: "
        + "a few unrelated words make a long password that is easy to remember.");

    public static ApiResult BodyTooLarge(int limit) => Problems.Create(400, "invalid-body", "The body does not have the expected shape",
        $"An account request body is at most {limit} bytes: a user name of at most {AccountDefaults.MaxUserNameLength} characters "
        + $"and a password of at most {AccountDefaults.MaxPasswordLength}.");

    public static ApiResult RegistrationDisabled() => Problems.Create(404, "registration-disabled", "Registration is switched off",
        "This service does not register new accounts.");

    public static ApiResult UserSessionNotFound() => Problems.Create(404, "user-session-not-found", "No such session",
        "None of your live sessions has this id. List them with GET /api/auth/sessions.");

    public static ApiResult InvalidPage(string detail) => Problems.Create(400, "invalid-page", "Invalid page of sessions", detail);
}
