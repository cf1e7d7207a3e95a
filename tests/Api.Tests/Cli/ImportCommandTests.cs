using System.Net;
using OrleansRegistry.Api.Tests.Infrastructure;
using OrleansRegistry.Embedded.Cli;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.Api.Tests.Cli;

/// <summary>
/// <c>dotnet run --project src/Embedded -- import</c>: a client of a running registry's admin API that imports the
/// Distribution tree in its storage, shows its progress, and ends with a summary, what was left out and why, and an
/// exit status a script can test.
/// </summary>
[Collection(ImportingRegistryCollection.Name)]
public sealed class ImportCommandTests(ImportingRegistryFixture registry)
{
    private readonly StringWriter _output = new();

    [Fact]
    public async Task import_imports_and_says_so_with_what_it_left_out()
    {
        var repository = RepositoryNames.Unique("cli-import");
        var image = registry.Tree.Image(repository);
        registry.Tree.Tag(repository, "latest", image.Manifest.Digest);
        var missing = TestContent.UnknownSha256();
        registry.Tree.LinkRevision(repository, missing);

        var exit = await RunAsync("import", "--url", registry.Registry.Address.ToString());

        Assert.Equal(0, exit);
        Assert.Contains("Import finished.", _output.ToString());
        Assert.Contains("already there", _output.ToString());
        Assert.Contains($"manifest {missing}", _output.ToString());
        using var manifest = await registry.Client.GetAsync($"/v2/{repository}/manifests/latest");
        Assert.Equal(HttpStatusCode.OK, manifest.StatusCode);
    }

    [Fact]
    public async Task import_dry_run_imports_nothing_and_says_so()
    {
        var repository = RepositoryNames.Unique("cli-import-dry");
        var image = registry.Tree.Image(repository);
        registry.Tree.Tag(repository, "latest", image.Manifest.Digest);

        var exit = await RunAsync("import", "--dry-run", "--url", registry.Registry.Address.ToString());

        Assert.Equal(0, exit);
        Assert.Contains("Dry run: nothing was imported.", _output.ToString());
        using var manifest = await registry.Client.GetAsync($"/v2/{repository}/manifests/latest");
        Assert.Equal(HttpStatusCode.NotFound, manifest.StatusCode);
    }

    [Theory]
    [InlineData("import", "--full")]
    [InlineData("import", "--url")]
    [InlineData("import", "--password", "secret")]
    public async Task A_bad_command_line_prints_the_usage_and_exits_2(params string[] args)
    {
        Assert.Equal(2, await RunAsync(args));
        Assert.Contains("usage: import", _output.ToString());
    }

    [Fact]
    public async Task A_registry_out_of_reach_is_said_in_one_line_and_exits_1()
    {
        var exit = await RunAsync("import", "--url", $"http://127.0.0.1:{LoopbackPort.Free()}");

        Assert.Equal(1, exit);
        Assert.Contains("Could not reach the registry", _output.ToString());
    }

    private Task<int> RunAsync(params string[] args)
    {
        Assert.Equal(ImportCommand.Name, args[0]);
        return ImportCommand.RunAsync(args[1..], TextConsole.Create(_output), CancellationToken.None);
    }
}
