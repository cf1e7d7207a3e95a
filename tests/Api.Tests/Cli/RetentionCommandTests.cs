using System.Net;
using OrleansRegistry.Api.Tests.Infrastructure;
using OrleansRegistry.Embedded.Cli;

namespace OrleansRegistry.Api.Tests.Cli;

/// <summary>
/// <c>dotnet run --project src/Embedded -- retention</c>: a client of a running registry's admin API that applies
/// the retention policies now, lists each tag it retired (or would) with its image's size, and ends with an exit
/// status a script can test.
/// </summary>
[Collection(CollectingRegistryCollection.Name)]
public sealed class RetentionCommandTests(CollectingRegistryFixture registry)
{
    private readonly StringWriter _output = new();

    [Fact]
    public async Task retention_dry_run_lists_the_tags_it_would_delete_and_deletes_nothing()
    {
        var repository = await PushAgedImageAsync("stale");

        var exit = await RunAsync("retention", "--dry-run", "--repository", repository, "--url", registry.Registry.Address.ToString());

        Assert.Equal(0, exit);
        Assert.Contains("stale", _output.ToString());
        Assert.Contains("1 tags would be deleted in 1 repositories", _output.ToString());
        Assert.Contains("Dry run: nothing was deleted.", _output.ToString());
        using var manifest = await registry.Client.GetAsync($"/v2/{repository}/manifests/stale");
        Assert.Equal(HttpStatusCode.OK, manifest.StatusCode);
    }

    [Fact]
    public async Task retention_deletes_the_tags_its_policies_retire_and_says_so()
    {
        var repository = await PushAgedImageAsync("stale");

        var exit = await RunAsync("retention", "--repository", repository, "--url", registry.Registry.Address.ToString());

        Assert.Equal(0, exit);
        Assert.Contains("1 tags deleted in 1 repositories", _output.ToString());
        Assert.Contains("Retention run finished.", _output.ToString());
        using var manifest = await registry.Client.GetAsync($"/v2/{repository}/manifests/stale");
        Assert.Equal(HttpStatusCode.NotFound, manifest.StatusCode);
    }

    [Theory]
    [InlineData("retention", "--full")]
    [InlineData("retention", "--repository")]
    [InlineData("retention", "--password", "secret")]
    public async Task A_bad_command_line_prints_the_usage_and_exits_2(params string[] args)
    {
        Assert.Equal(2, await RunAsync(args));
        Assert.Contains("usage: retention", _output.ToString());
    }

    [Fact]
    public async Task A_refused_run_is_said_with_the_registry_s_answer_and_exits_1()
    {
        var exit = await RunAsync("retention", "--repository", "Not..Valid", "--url", registry.Registry.Address.ToString());

        Assert.Equal(1, exit);
        Assert.Contains("The registry refused the run: 400", _output.ToString());
        Assert.Contains("NAME_INVALID", _output.ToString());
    }

    private async Task<string> PushAgedImageAsync(string tag)
    {
        var repository = $"{CollectingRegistryFixture.AgedRepositories.TrimEnd('*')}{Guid.NewGuid():N}";
        await registry.Client.PushImageAsync(repository, tag);
        await Task.Delay(CollectingRegistryFixture.MaxAge + TimeSpan.FromMilliseconds(500));
        return repository;
    }

    private Task<int> RunAsync(params string[] args)
    {
        Assert.Equal(RetentionCommand.Name, args[0]);
        return RetentionCommand.RunAsync(args[1..], TextConsole.Create(_output), CancellationToken.None);
    }
}
