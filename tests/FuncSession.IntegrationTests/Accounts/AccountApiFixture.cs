using FuncSession.Testing;

namespace FuncSession.IntegrationTests.Accounts;

/// <summary>One API with cheap password hashing, shared by the tests of a class.</summary>
public sealed class AccountApiFixture : ApiFixture
{
    protected override IDictionary<string, string?>? Settings => AuthApi.FastHashing();
}
