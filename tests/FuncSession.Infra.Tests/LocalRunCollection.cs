namespace FuncSession.Infra.Tests;

/// <summary>Tests that start the API and Azurite take turns: each costs seconds of both cores.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LocalRunCollection
{
    public const string Name = "Local run";
}
