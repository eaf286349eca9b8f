namespace FuncSession.Infra.Tests;

/// <summary>Builds infra/main.bicep once for all the tests that read the compiled template.</summary>
public sealed class CompiledTemplateFixture
{
    private readonly Lazy<ArmTemplate> template;

    public CompiledTemplateFixture()
    {
        Build = BicepCli.Run("build", MainBicep, "--stdout");
        template = new Lazy<ArmTemplate>(() =>
            Build.ExitCode == 0
                ? ArmTemplate.Parse(Build.StandardOutput)
                : throw new InvalidOperationException($"bicep build failed ({Build.ExitCode}):\n{Build.StandardError}"));
    }

    public const string MainBicep = "infra/main.bicep";

    internal CliResult Build { get; }

    /// <summary>The compiled main template; its module is reachable through <see cref="ArmTemplate.AllResources"/>.</summary>
    internal ArmTemplate Main => template.Value;

    /// <summary>The template of the resource-group module, which holds every resource but the group itself.</summary>
    internal ArmTemplate Resources =>
        Main.Resources.Single(resource => resource.NestedTemplate is not null).NestedTemplate!;
}

[CollectionDefinition(Name)]
public sealed class CompiledTemplateCollection : ICollectionFixture<CompiledTemplateFixture>
{
    public const string Name = "Compiled template";
}
