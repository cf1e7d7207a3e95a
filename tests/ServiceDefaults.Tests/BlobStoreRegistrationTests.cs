using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OrleansRegistry.ServiceDefaults;
using OrleansRegistry.Storage;
using OrleansRegistry.Storage.FileSystem;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.ServiceDefaults.Tests;

/// <summary>Picking the storage driver from configuration, and failing with a message that names the setting.</summary>
public sealed class BlobStoreRegistrationTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Without_storage_settings_blobs_go_to_the_file_system_under_the_data_directory()
    {
        var store = StoreFor(("Registry:DataDirectory", _directory.Path));

        Assert.IsType<FileSystemBlobStore>(store);
        Assert.True(Directory.Exists(Path.Combine(_directory.Path, "storage", "docker", "registry", "v2", "blobs")));
    }

    [Fact]
    public void A_file_system_root_of_its_own_is_used_instead_of_the_data_directory()
    {
        var root = Path.Combine(_directory.Path, "elsewhere");

        StoreFor(("Registry:DataDirectory", _directory.Path), ("Registry:Storage:Kind", "FileSystem"), ("Registry:Storage:RootDirectory", root));

        Assert.True(Directory.Exists(Path.Combine(root, "docker", "registry", "v2", "_uploads")));
        Assert.False(Directory.Exists(Path.Combine(_directory.Path, "storage")));
    }

    [Fact]
    public void The_kind_is_accepted_in_another_case()
    {
        var store = StoreFor(("Registry:DataDirectory", _directory.Path), ("Registry:Storage:Kind", "filesystem"));

        Assert.IsType<FileSystemBlobStore>(store);
    }

    [Theory]
    [InlineData("FileSystem")]
    [InlineData("S3")]
    public void The_storage_tree_an_import_reads_is_the_blob_store_itself(string kind)
    {
        var services = Services(
            ("Registry:DataDirectory", _directory.Path), ("Registry:Storage:Kind", kind),
            ("Registry:Storage:S3:Bucket", "registry"), ("Registry:Storage:S3:ServiceUrl", "http://127.0.0.1:9"));

        Assert.Same(services.GetRequiredService<IBlobStore>(), services.GetRequiredService<IStorageTree>());
    }

    [Fact]
    public void An_unknown_kind_names_the_setting_and_its_value()
    {
        var error = Assert.ThrowsAny<Exception>(() => StoreFor(("Registry:DataDirectory", _directory.Path), ("Registry:Storage:Kind", "Tape")));

        Assert.Contains("Registry:Storage:Kind", error.Message);
        Assert.Contains("Tape", error.Message);
    }

    private static IBlobStore StoreFor(params (string Key, string Value)[] settings) => Services(settings).GetRequiredService<IBlobStore>();

    private static ServiceProvider Services(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        return new ServiceCollection().AddRegistryBlobStore(configuration).BuildServiceProvider();
    }
}
