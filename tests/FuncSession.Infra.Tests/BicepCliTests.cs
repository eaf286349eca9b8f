namespace FuncSession.Infra.Tests;

[Collection(CompiledTemplateCollection.Name)]
public sealed class BicepCliTests(CompiledTemplateFixture compiled)
{
    [Fact]
    public void BuildSucceedsWithoutAnyDiagnostic()
    {
        Assert.Equal("", compiled.Build.StandardError);
        Assert.Equal(0, compiled.Build.ExitCode);
        Assert.StartsWith("{", compiled.Build.StandardOutput.TrimStart(), StringComparison.Ordinal);
    }

    // Compiler warnings such as BCP037 (unknown property) still exit 0, so a clean lint is one that
    // prints nothing at all.
    [Fact]
    public void LintPrintsNothing()
    {
        var lint = BicepCli.Run("lint", CompiledTemplateFixture.MainBicep);

        Assert.Equal("", lint.StandardError);
        Assert.Equal("", lint.StandardOutput);
        Assert.Equal(0, lint.ExitCode);
    }
}
