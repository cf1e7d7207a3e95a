using OrleansRegistry.Api.Tests.Infrastructure;
using OrleansRegistry.Embedded.Cli;

namespace OrleansRegistry.Api.Tests.Cli;

/// <summary><c>dotnet run --project src/Embedded -- usage</c>: the storage a repository or a namespace uses, and its quota, in a table.</summary>
[Collection(CollectingRegistryCollection.Name)]
public sealed class UsageCommandTests(CollectingRegistryFixture registry)
{
    private readonly StringWriter _output = new();

    [Fact]
    public async Task usage_of_a_repository_shows_its_bytes_and_its_quota()
    {
        var repository = $"{CollectingRegistryFixture.QuotaRepositories.TrimEnd('*')}{Guid.NewGuid():N}";
        await registry.Client.PushImageAsync(repository, "v1");

        var exit = await RunAsync("usage", "--repository", repository, "--url", registry.Registry.Address.ToString());

        Assert.Equal(0, exit);
        Assert.Contains(repository, _output.ToString());
        Assert.Contains("Quota (Registry:Quotas:Limits:0): 2.4 KiB, no limit tags.", _output.ToString());
    }

    [Fact]
    public async Task usage_of_a_namespace_lists_its_largest_repositories()
    {
        var space = $"usage-cli-{Guid.NewGuid():N}";
        await registry.Client.PushImageAsync($"{space}/one", "v1");
        await registry.Client.PushImageAsync($"{space}/two", "v1");

        var exit = await RunAsync("usage", "--prefix", $"{space}/", "--url", registry.Registry.Address.ToString());

        Assert.Equal(0, exit);
        Assert.Contains($"2 repositories under {space}/", _output.ToString());
        Assert.Contains($"{space}/one", _output.ToString());
        Assert.Contains($"{space}/two", _output.ToString());
    }

    [Fact]
    public async Task usage_of_an_unknown_repository_exits_1_with_the_registry_s_answer()
    {
        var exit = await RunAsync("usage", "--repository", "never/pushed", "--url", registry.Registry.Address.ToString());

        Assert.Equal(1, exit);
        Assert.Contains("NAME_UNKNOWN", _output.ToString());
    }

    [Theory]
    [InlineData("usage", "--repository", "a", "--prefix", "b")]
    [InlineData("usage", "--dry-run")]
    public async Task A_bad_command_line_prints_the_usage_and_exits_2(params string[] args)
    {
        Assert.Equal(2, await RunAsync(args));
        Assert.Contains("usage: usage", _output.ToString());
    }

    private Task<int> RunAsync(params string[] args)
    {
        Assert.Equal(UsageCommand.Name, args[0]);
        return UsageCommand.RunAsync(args[1..], TextConsole.Create(_output), CancellationToken.None);
    }
}
