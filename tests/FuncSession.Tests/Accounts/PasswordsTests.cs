using FuncSession.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FuncSession.Tests.Accounts;

public sealed class PasswordsTests
{
    private static Passwords Create(int iterations) =>
        new(Options.Create(new AccountOptions { PasswordHashIterations = iterations }), NullLogger<Passwords>.Instance);

    [Fact]
    public void TheProductionDefaultIsOwaspsFigureForPbkdf2WithHmacSha512()
    {
        var passwords = new Passwords(Options.Create(new AccountOptions()), NullLogger<Passwords>.Instance);

        var hash = Convert.FromBase64String(passwords.Hash("correct horse battery staple"));

        Assert.Equal(210_000, new AccountOptions().PasswordHashIterations);
        Assert.Equal(0x01, hash[0]);                    // Identity V3 format
        Assert.Equal(2, ReadInt(hash, 1));              // KeyDerivationPrf.HMACSHA512
        Assert.Equal(210_000, ReadInt(hash, 5));        // iterations
        Assert.Equal(16, ReadInt(hash, 9));             // salt bytes
    }

    [Fact]
    public void AHashVerifiesItsOwnPasswordOnly()
    {
        var passwords = Create(1000);
        var hash = passwords.Hash("Secret-password-1");

        Assert.Equal(PasswordVerificationResult.Success, passwords.Verify(hash, "Secret-password-1"));
        Assert.Equal(PasswordVerificationResult.Failed, passwords.Verify(hash, "secret-password-1"));
        Assert.Equal(PasswordVerificationResult.Failed, passwords.Verify(hash, "Secret-password-"));
    }

    [Fact]
    public void AHashWithFewerIterationsAsksForARehash()
    {
        var weak = Create(1000).Hash("Secret-password-1");

        Assert.Equal(PasswordVerificationResult.SuccessRehashNeeded, Create(2000).Verify(weak, "Secret-password-1"));
    }

    [Fact]
    public async Task ConcurrentRequestsHashNoMoreAtOnceThanTheyAreAllowed()
    {
        var passwords = new Passwords(Options.Create(new AccountOptions { PasswordHashIterations = 20_000 }), NullLogger<Passwords>.Instance, hashesAtOnce: 1);
        var hash = passwords.Hash("Secret-password-1");

        // Each request on a thread of its own, so without turns they would all hash at once.
        var checks = Enumerable.Range(0, 12).Select(i => Task.Factory.StartNew(() => passwords.VerifyAsync(
                i % 2 == 0 ? hash : null, "Secret-password-1", CancellationToken.None).GetAwaiter().GetResult(),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default));
        var verdicts = await Task.WhenAll(checks).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(6, verdicts.Count(v => v == PasswordVerificationResult.Success));
        Assert.Equal(1, passwords.MostHashesAtOnce);
    }

    [Fact]
    public async Task ARequestThatGoesAwayWhileWaitingForItsTurnHashesNothing()
    {
        var passwords = new Passwords(Options.Create(new AccountOptions { PasswordHashIterations = 1000 }), NullLogger<Passwords>.Instance, hashesAtOnce: 1);
        using var gone = new CancellationTokenSource();
        await gone.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => passwords.HashAsync("Secret-password-1", gone.Token));

        Assert.Equal(0, passwords.MostHashesAtOnce);
    }

    [Fact]
    public void NoHashIsAlwaysAFailure()
    {
        Assert.Equal(PasswordVerificationResult.Failed, Create(1000).Verify(null, "anything at all"));
    }

    [Fact]
    public void ACorruptStoredHashIsAFailureNotAnError()
    {
        Assert.Equal(PasswordVerificationResult.Failed, Create(1000).Verify("not base64!", "anything at all"));
        Assert.Equal(PasswordVerificationResult.Failed, Create(1000).Verify("", "anything at all"));
    }

    [Fact]
    public void ComposedAndDecomposedAccentsAreTheSamePassword()
    {
        var passwords = Create(1000);

        var hash = passwords.Hash("caf\u00e9-au-lait");

        Assert.Equal(PasswordVerificationResult.Success, passwords.Verify(hash, "cafe\u0301-au-lait"));
    }

    private static int ReadInt(byte[] bytes, int offset) =>
        (bytes[offset] << 24) | (bytes[offset + 1] << 16) | (bytes[offset + 2] << 8) | bytes[offset + 3];

    [Fact]
    public async Task AHashBeyondTheFullQueueIsRefusedAtOnceWhileTheQueuedOnesRunLater()
    {
        var passwords = new Passwords(
            Options.Create(new AccountOptions { PasswordHashIterations = 1000, PasswordHashQueueLimit = 1 }),
            NullLogger<Passwords>.Instance, hashesAtOnce: 1);
        using var release = new ManualResetEventSlim();
        using var started = new ManualResetEventSlim();

        // One turn held until released, one waiting in the queue: the queue is full.
        var running = Task.Run(() => passwords.InTurnAsync(() => { started.Set(); release.Wait(TimeSpan.FromSeconds(30)); return 1; }, CancellationToken.None));
        Assert.True(started.Wait(TimeSpan.FromSeconds(30)));
        var queued = passwords.HashAsync("Secret-password-1", CancellationToken.None);

        await Assert.ThrowsAsync<PasswordsBusyException>(() => passwords.HashAsync("Secret-password-2", CancellationToken.None));
        Assert.False(queued.IsCompleted);

        release.Set();
        Assert.Equal(1, await running.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.NotEmpty(await queued.WaitAsync(TimeSpan.FromSeconds(30)));
    }
}
