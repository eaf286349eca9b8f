using FuncSession.Accounts;
using FuncSession.Sessions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FuncSession.Tests.Accounts;

public sealed class LoginThrottleTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly InMemoryThrottleStore _store = new();
    private readonly LoginThrottle _throttle;

    public LoginThrottleTests() =>
        _throttle = new LoginThrottle(_store, Options.Create(new AccountOptions()), _time, NullLogger<LoginThrottle>.Instance);

    [Fact]
    public async Task FiveAttemptsAreAdmittedAndTheSixthIsRefusedForThirtySeconds()
    {
        for (var i = 0; i < 5; i++)
        {
            Assert.Null(await _throttle.AdmitAsync("alice", default));
        }

        Assert.Equal(TimeSpan.FromSeconds(30), await _throttle.AdmitAsync("alice", default));
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(TimeSpan.FromSeconds(20), await _throttle.AdmitAsync("alice", default));
        Assert.Equal(7, _store["alice"]!.Failures);
    }

    [Fact]
    public async Task RefusedAttemptsDoNotExtendTheLock()
    {
        for (var i = 0; i < 5; i++)
        {
            await _throttle.AdmitAsync("alice", default);
        }
        for (var i = 0; i < 10; i++)
        {
            await _throttle.AdmitAsync("alice", default);
        }

        _time.Advance(TimeSpan.FromSeconds(30));

        Assert.Null(await _throttle.AdmitAsync("alice", default));
    }

    [Fact]
    public async Task AnAttemptThatCannotBeCountedIsRefusedAsAccountBusy()
    {
        var throttle = new LoginThrottle(new LosingStore(), Options.Create(new AccountOptions()), _time, NullLogger<LoginThrottle>.Instance);

        var busy = await Assert.ThrowsAsync<AccountBusyException>(() => throttle.AdmitAsync("alice", default));

        Assert.Contains("login-attempt counter", busy.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LockoutsDoubleFromThirtySecondsToAFifteenMinuteCap()
    {
        var lengths = Enumerable.Range(1, 8).Select(n => _throttle.LockoutAfter(n).TotalSeconds);

        Assert.Equal([30, 60, 120, 240, 480, 900, 900, 900], lengths);
        Assert.Equal(TimeSpan.FromMinutes(15), _throttle.LockoutAfter(1000));
    }

    [Fact]
    public async Task AResetForgetsFailuresAndLockouts()
    {
        for (var i = 0; i < 6; i++)
        {
            await _throttle.AdmitAsync("alice", default);
        }

        await _throttle.ResetAsync("alice", default);

        Assert.Null(_store["alice"]);
        for (var i = 0; i < 5; i++)
        {
            Assert.Null(await _throttle.AdmitAsync("alice", default));
        }
    }

    [Fact]
    public async Task NamesAreThrottledIndependently()
    {
        for (var i = 0; i < 6; i++)
        {
            await _throttle.AdmitAsync("alice", default);
        }

        Assert.Null(await _throttle.AdmitAsync("bob", default));
    }

    [Fact]
    public async Task ParallelAttemptsAreAllCountedAndNoMoreThanTheLimitAdmitted()
    {
        var attempts = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => Task.Run(() => _throttle.AdmitAsync("alice", default))));

        Assert.Equal(5, attempts.Count(a => a is null));
        Assert.Equal(40, _store["alice"]!.Failures);
        Assert.Equal(1, _store["alice"]!.Lockouts);
    }

    /// <summary>A counter that another attempt always writes first.</summary>
    private sealed class LosingStore : ILoginThrottleStore
    {
        public Task<LoginThrottleState?> GetAsync(string key, CancellationToken cancellationToken) => Task.FromResult<LoginThrottleState?>(null);

        public Task<WriteOutcome> AddAsync(LoginThrottleState state, CancellationToken cancellationToken) => Task.FromResult(WriteOutcome.Conflict);

        public Task<WriteOutcome> ReplaceAsync(LoginThrottleState state, CancellationToken cancellationToken) => Task.FromResult(WriteOutcome.Conflict);

        public Task DeleteAsync(string key, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
