using System.Net;
using OrleansRegistry.Api.Tests.Infrastructure;
using OrleansRegistry.Embedded.Cli;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.Api.Tests.Cli;

/// <summary>
/// <c>dotnet run --project src/Embedded -- gc</c>: a client of a running registry's admin API that runs a collection,
/// shows its progress, and ends with a summary and an exit status a script can test.
/// </summary>
[Collection(CollectingRegistryCollection.Name)]
public sealed class CollectionCommandTests(CollectingRegistryFixture registry)
{
    private readonly StringWriter _output = new();

    [Fact]
    public async Task gc_collects_and_says_so()
    {
        var repository = RepositoryNames.Unique("cli-gc");
        var blob = await registry.Client.PushBlobAsync(repository, TestContent.RandomBytes(3000));
        await Task.Delay(CollectingRegistryFixture.CommitLease + TimeSpan.FromMilliseconds(500));

        var exit = await RunAsync("gc", "--url", registry.Registry.Address.ToString());

        Assert.Equal(0, exit);
        Assert.Contains("Collection finished.", _output.ToString());
        Assert.Contains("blobs deleted from storage", _output.ToString());
        using var head = await registry.Client.HeadAsync($"/v2/{repository}/blobs/{blob.Digest}");
        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
    }

    [Fact]
    public async Task gc_dry_run_deletes_nothing_and_says_so()
    {
        var repository = RepositoryNames.Unique("cli-dry");
        var blob = await registry.Client.PushBlobAsync(repository, TestContent.RandomBytes(3000));

        var exit = await RunAsync("gc", "--dry-run", "--url", registry.Registry.Address.ToString());

        Assert.Equal(0, exit);
        Assert.Contains("Dry run: nothing was deleted.", _output.ToString());
        using var head = await registry.Client.HeadAsync($"/v2/{repository}/blobs/{blob.Digest}");
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
    }

    [Theory]
    [InlineData("gc", "--bogus")]
    [InlineData("gc", "--url")]
    [InlineData("gc", "--user", "alice")]
    public async Task A_bad_command_line_prints_the_usage_and_exits_2(params string[] args)
    {
        Assert.Equal(2, await RunAsync(args));
        Assert.Contains("usage: gc", _output.ToString());
    }

    [Fact]
    public async Task A_registry_out_of_reach_is_said_in_one_line_and_exits_1()
    {
        var exit = await RunAsync("gc", "--url", $"http://127.0.0.1:{LoopbackPort.Free()}");

        Assert.Equal(1, exit);
        Assert.Contains("Could not reach the registry", _output.ToString());
    }

    private Task<int> RunAsync(params string[] args)
    {
        Assert.Equal(CollectionCommand.Name, args[0]);
        return CollectionCommand.RunAsync(args[1..], TextConsole.Create(_output), CancellationToken.None);
    }
}
