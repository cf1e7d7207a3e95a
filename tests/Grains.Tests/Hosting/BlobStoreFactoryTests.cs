using Microsoft.Extensions.Configuration;
using OrleansRegistry.Core.Storage.FileSystem;
using OrleansRegistry.Grains.Hosting;
using OrleansRegistry.Grains.Tests.Infrastructure;

namespace OrleansRegistry.Grains.Tests.Hosting;

/// <summary>Picking the storage driver from configuration, and failing with a message that names the setting.</summary>
public sealed class BlobStoreFactoryTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Create_WithoutStorageSettings_UsesTheFileSystemUnderTheDataDirectory()
    {
        var store = BlobStoreFactory.Create(Configuration(("Registry:DataDirectory", _directory.Path)));

        Assert.IsType<FileSystemBlobStore>(store);
        Assert.True(Directory.Exists(Path.Combine(_directory.Path, "storage", "docker", "registry", "v2", "blobs")));
    }

    [Fact]
    public void Create_FileSystemWithARoot_UsesThatRoot()
    {
        var root = Path.Combine(_directory.Path, "elsewhere");

        BlobStoreFactory.Create(Configuration(
            ("Registry:DataDirectory", _directory.Path),
            ("Registry:Storage:Kind", "FileSystem"),
            ("Registry:Storage:RootDirectory", root)));

        Assert.True(Directory.Exists(Path.Combine(root, "docker", "registry", "v2", "_uploads")));
        Assert.False(Directory.Exists(Path.Combine(_directory.Path, "storage")));
    }

    [Fact]
    public void Create_KindInAnotherCase_IsAccepted()
    {
        var store = BlobStoreFactory.Create(Configuration(("Registry:DataDirectory", _directory.Path), ("Registry:Storage:Kind", "filesystem")));

        Assert.IsType<FileSystemBlobStore>(store);
    }

    [Fact]
    public void Create_UnknownKind_NamesTheSettingAndTheChoices()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            BlobStoreFactory.Create(Configuration(("Registry:DataDirectory", _directory.Path), ("Registry:Storage:Kind", "Tape"))));

        Assert.Contains("Registry:Storage:Kind", error.Message);
        Assert.Contains("Tape", error.Message);
        Assert.Contains(StorageKinds.FileSystem, error.Message);
        Assert.Contains(StorageKinds.S3, error.Message);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
}
