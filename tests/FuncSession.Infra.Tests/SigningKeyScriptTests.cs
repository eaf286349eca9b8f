namespace FuncSession.Infra.Tests;

/// <summary>
/// Runs the preprovision hook and the rotation script against a fake <c>azd</c> that keeps the
/// environment's values in a file and records the key ring each provision would deploy, and a fake
/// <c>az</c> that answers from files: which resource groups exist, each group's vault, and the
/// secret each vault holds (or a refusal to read it).
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
            # Only the rotation script provisions here, and the hook must know it is rotating.
            [ "${FUNCSESSION_KEY_ROTATION:-}" = 1 ] || { echo "fake azd: provision without FUNCSESSION_KEY_ROTATION=1" >&2; exit 3; }
            grep '^SESSION_SIGNING_KEYS=' "$store" | cut -d= -f2- >> "$FAKE_AZD_DIR/provisioned"
        else
            echo "fake azd: unexpected arguments: $*" >&2
            exit 2
        fi
        """;

    private const string FakeAz = """
        #!/bin/sh
        state="$FAKE_AZD_DIR/azure"
        echo "$*" >> "$FAKE_AZD_DIR/az-calls"
        [ ! -e "$state/signed-out" ] || { echo "ERROR: Please run 'az login' to setup account." >&2; exit 1; }
        case "$1 $2 $3" in
            "group exists --name")
                if [ -e "$state/groups/$4" ]; then echo true; else echo false; fi ;;
            "keyvault list --resource-group")
                cat "$state/groups/$4" ;;
            "keyvault secret show")
                vault=$5
                if [ -e "$state/forbidden/$vault" ]; then
                    echo "ERROR: (Forbidden) Caller is not authorized to perform action on resource." >&2; exit 1
                elif [ -e "$state/secrets/$vault" ]; then
                    cat "$state/secrets/$vault"
                else
                    echo "ERROR: (SecretNotFound) A secret with (name/id) session-signing-keys was not found in this key vault." >&2; exit 1
                fi ;;
            *) echo "fake az: unexpected arguments: $*" >&2; exit 2 ;;
        esac
        """;

    private const string EnvironmentName = "sessions";

    private const string KeyA = "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUE=";
    private const string KeyB = "QkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkI=";
    private const string KeyC = "Q0NDQ0NDQ0NDQ0NDQ0NDQ0NDQ0NDQ0NDQ0NDQ0NDQ0M=";

    private readonly string directory = Directory.CreateTempSubdirectory("funcsession-azd-").FullName;

    public SigningKeyScriptTests()
    {
        WriteScript("azd", FakeAzd);
        WriteScript("az", FakeAz);
        foreach (var folder in new[] { "groups", "secrets", "forbidden" })
        {
            Directory.CreateDirectory(Path.Combine(directory, "azure", folder));
        }
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
    public void PreprovisionReusesTheKeysInKeyVaultWhenTheLocalEnvironmentHasNone()
    {
        Deployed(vault: "kv-one", ring: $"{KeyA},{KeyB}");

        var run = Run("infra/hooks/preprovision.sh");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal($"{KeyA},{KeyB}", StoredRing());
        Assert.Contains("Reusing", run.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(KeyA, run.StandardOutput + run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void PreprovisionGeneratesAKeyWhenTheVaultHoldsNoneYet()
    {
        Deployed(vault: "kv-one", ring: null);

        var run = Run("infra/hooks/preprovision.sh");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(32, Convert.FromBase64String(StoredRing()).Length);
    }

    [Fact]
    public void PreprovisionStopsWhenTheVaultCannotBeRead()
    {
        Deployed(vault: "kv-one", ring: KeyA);
        File.WriteAllText(Path.Combine(directory, "azure", "forbidden", "kv-one"), "");

        var run = Run("infra/hooks/preprovision.sh");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Equal("", StoredRing());
        Assert.Contains("Key Vault Secrets User", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("log", run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void PreprovisionStopsWhenTheAzureCliIsSignedOut()
    {
        Deployed(vault: "kv-one", ring: KeyA);
        File.WriteAllText(Path.Combine(directory, "azure", "signed-out"), "");

        var run = Run("infra/hooks/preprovision.sh");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Equal("", StoredRing());
        Assert.Contains("az login", run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void PreprovisionRefusesAMalformedKeyRingFoundInKeyVault()
    {
        Deployed(vault: "kv-one", ring: "dG9vIHNob3J0");

        var run = Run("infra/hooks/preprovision.sh");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Equal("", StoredRing());
    }

    [Fact]
    public void PreprovisionKeepsALocalKeyRingThatMatchesKeyVault()
    {
        Store($"{KeyA},{KeyB}");
        Deployed(vault: "kv-one", ring: $"{KeyA},{KeyB}");

        var run = Run("infra/hooks/preprovision.sh");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal($"{KeyA},{KeyB}", StoredRing());
    }

    [Fact]
    public void PreprovisionStopsWhenKeyVaultHoldsADifferentKeyRing()
    {
        Store(KeyA);
        Deployed(vault: "kv-one", ring: $"{KeyB},{KeyA}");

        var run = Run("infra/hooks/preprovision.sh");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Equal(KeyA, StoredRing());
        Assert.Contains("differ", run.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain(KeyB, run.StandardOutput + run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void PreprovisionDeploysADifferentKeyRingWhenTheRotationScriptAsks()
    {
        Store($"{KeyA},{KeyB}");
        Deployed(vault: "kv-one", ring: KeyA);

        var run = RunWith(new() { ["FUNCSESSION_KEY_ROTATION"] = "1" }, "infra/hooks/preprovision.sh");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal($"{KeyA},{KeyB}", StoredRing());
        Assert.False(File.Exists(Path.Combine(directory, "az-calls")), "During a rotation the hook has nothing to ask Azure.");
    }

    [Fact]
    public void PreprovisionKeepsALocalKeyRingWithAWarningWhenAzureCannotBeAsked()
    {
        Store(KeyA);
        File.WriteAllText(Path.Combine(directory, "azure", "signed-out"), "");

        var run = Run("infra/hooks/preprovision.sh");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(KeyA, StoredRing());
        Assert.Contains("Warning", run.StandardError, StringComparison.Ordinal);
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

    /// <summary>A deployment of the environment: its resource group and vault, holding <paramref name="ring"/> when not null.</summary>
    private void Deployed(string vault, string? ring)
    {
        File.WriteAllText(Path.Combine(directory, "azure", "groups", $"rg-{EnvironmentName}"), vault + "\n");
        if (ring is not null)
        {
            File.WriteAllText(Path.Combine(directory, "azure", "secrets", vault), ring + "\n");
        }
    }

    private void WriteScript(string name, string text)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, text.ReplaceLineEndings("\n") + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
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

    private CliResult Run(string script, params string[] arguments) => RunWith(new(), script, arguments);

    /// <param name="environment">Variables to set besides the fakes' (a rotation marker, say).</param>
    private CliResult RunWith(Dictionary<string, string?> environment, string script, params string[] arguments) =>
        CommandLine.Run("sh", [script, .. arguments], TimeSpan.FromSeconds(30), new Dictionary<string, string?>
        {
            ["FUNCSESSION_KEY_ROTATION"] = environment.GetValueOrDefault("FUNCSESSION_KEY_ROTATION"),
            ["SESSION_SIGNING_KEYS"] = null,
            ["AZURE_KEY_VAULT_NAME"] = null,
            ["AZURE_SUBSCRIPTION_ID"] = null,
            ["AZURE_ENV_NAME"] = EnvironmentName,
            ["FAKE_AZD_DIR"] = directory,
            ["PATH"] = $"{directory}:{Environment.GetEnvironmentVariable("PATH")}",
        });
}
