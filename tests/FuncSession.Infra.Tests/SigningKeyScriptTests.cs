namespace FuncSession.Infra.Tests;

/// <summary>
/// Runs the preprovision hook and the rotation script against a fake <c>azd</c> that keeps the
/// environment's values in a file and records the key ring each provision would deploy.
/// </summary>
public sealed class SigningKeyScriptTests : IDisposable
{
    private const string FakeAzd = """
        #!/bin/sh
        store="$FAKE_AZD_DIR/env"
        touch "$store"
        if [ "$1 $2" = "env get-value" ]; then
            line=$(grep "^$3=" "$store") || { echo "ERROR: key '$3' not found in the environment values" >&2; exit 1; }
            printf '%s\n' "${line#*=}"
        elif [ "$1 $2" = "env set" ]; then
            grep -v "^$3=" "$store" > "$store.new" || true
            printf '%s=%s\n' "$3" "$4" >> "$store.new"
            mv "$store.new" "$store"
        elif [ "$1" = provision ]; then
            grep '^SESSION_SIGNING_KEYS=' "$store" | cut -d= -f2- >> "$FAKE_AZD_DIR/provisioned"
        else
            echo "fake azd: unexpected arguments: $*" >&2
            exit 2
        fi
        """;

    private const string KeyA = "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUE=";
    private const string KeyB = "QkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkI=";
    private const string KeyC = "Q0NDQ0NDQ0NDQ0NDQ0NDQ0NDQ0NDQ0NDQ0NDQ0NDQ0M=";

    private readonly string directory = Directory.CreateTempSubdirectory("funcsession-azd-").FullName;

    public SigningKeyScriptTests()
    {
        var azd = Path.Combine(directory, "azd");
        File.WriteAllText(azd, FakeAzd.ReplaceLineEndings("\n") + "\n");
        File.SetUnixFileMode(azd, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void PreprovisionGeneratesOneThirtyTwoByteKeyWhenThereIsNone()
    {
        var run = Run("infra/hooks/preprovision.sh");

        Assert.Equal(0, run.ExitCode);
        var ring = StoredRing();
        Assert.Single(ring.Split(','));
        Assert.Equal(32, Convert.FromBase64String(ring).Length);
        Assert.DoesNotContain(ring, run.StandardOutput + run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void PreprovisionKeepsTheKeysOfAnEarlierDeployment()
    {
        Store($"{KeyA},{KeyB}");

        var run = Run("infra/hooks/preprovision.sh");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal($"{KeyA},{KeyB}", StoredRing());
        Assert.DoesNotContain(KeyA, run.StandardOutput + run.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dG9vIHNob3J0")]
    [InlineData("not base64 at all, not base64 either")]
    [InlineData(KeyA + ",")]
    [InlineData(KeyA + ",," + KeyB)]
    public void PreprovisionRefusesAMalformedKeyRingAndLeavesItAlone(string ring)
    {
        Store(ring);

        var run = Run("infra/hooks/preprovision.sh");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("at least 32 bytes", run.StandardError, StringComparison.Ordinal);
        Assert.Equal(ring, StoredRing());
    }

    [Fact]
    public void RotationPutsANewKeyInFrontAndKeepsTheOldOnes()
    {
        Store($"{KeyA},{KeyB}");

        var run = Run("infra/rotate-signing-key.sh", "--skip-provision");

        Assert.Equal(0, run.ExitCode);
        var ring = StoredRing().Split(',');
        Assert.Equal(3, ring.Length);
        Assert.Equal(32, Convert.FromBase64String(ring[0]).Length);
        Assert.Equal([KeyA, KeyB], ring[1..]);
        Assert.False(File.Exists(Path.Combine(directory, "provisioned")), "--skip-provision must not provision.");
    }

    [Fact]
    public void RotationDeploysTheNewKeyAsVerifyOnlyBeforeItSigns()
    {
        Store(KeyA);

        var run = Run("infra/rotate-signing-key.sh");

        Assert.Equal(0, run.ExitCode);
        var provisioned = File.ReadAllLines(Path.Combine(directory, "provisioned"));
        Assert.Equal(2, provisioned.Length);
        var newKey = provisioned[0].Split(',')[^1];
        Assert.Equal($"{KeyA},{newKey}", provisioned[0]);
        Assert.Equal($"{newKey},{KeyA}", provisioned[1]);
        Assert.Equal(provisioned[1], StoredRing());
    }

    [Fact]
    public void RotationWithKeepDropsTheOldestKeys()
    {
        Store($"{KeyA},{KeyB},{KeyC}");

        var run = Run("infra/rotate-signing-key.sh", "--keep", "2", "--skip-provision");

        Assert.Equal(0, run.ExitCode);
        var ring = StoredRing().Split(',');
        Assert.Equal(2, ring.Length);
        Assert.Equal(KeyA, ring[1]);
    }

    [Fact]
    public void RotationWithoutAnExistingKeyChangesNothing()
    {
        var run = Run("infra/rotate-signing-key.sh", "--skip-provision");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Equal("", StoredRing());
    }

    private void Store(string ring) =>
        File.WriteAllText(Path.Combine(directory, "env"), $"SESSION_SIGNING_KEYS={ring}\n");

    private string StoredRing()
    {
        var store = Path.Combine(directory, "env");
        var line = File.Exists(store)
            ? File.ReadAllLines(store).SingleOrDefault(entry => entry.StartsWith("SESSION_SIGNING_KEYS=", StringComparison.Ordinal))
            : null;
        return line?["SESSION_SIGNING_KEYS=".Length..] ?? "";
    }

    private CliResult Run(string script, params string[] arguments) =>
        CommandLine.Run("sh", [script, .. arguments], TimeSpan.FromSeconds(30), new Dictionary<string, string?>
        {
            ["SESSION_SIGNING_KEYS"] = null,
            ["FAKE_AZD_DIR"] = directory,
            ["PATH"] = $"{directory}:{Environment.GetEnvironmentVariable("PATH")}",
        });
}
