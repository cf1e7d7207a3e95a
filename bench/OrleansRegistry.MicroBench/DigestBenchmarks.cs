using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using OrleansRegistry.Core.Digests;

namespace OrleansRegistry.MicroBench;

/// <summary>
/// SHA-256 of one request buffer: the resumable OpenSSL context the upload path uses, against .NET's own
/// IncrementalHash and one-shot HashData (the ceiling); and what exporting and resuming the state costs per chunk.
/// </summary>
[MemoryDiagnoser]
public class DigestBenchmarks
{
    private byte[] _data = [];
    private byte[] _state = [];

    [Params(64 * 1024, 1024 * 1024)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _data = new byte[Size];
        new Random(42).NextBytes(_data);
        using var hash = ResumableSha256.Create();
        hash.Append(_data);
        _state = hash.ExportState();
    }

    [Benchmark(Baseline = true)]
    public byte[] HashData() => SHA256.HashData(_data);

    [Benchmark]
    public byte[] IncrementalHashAppend()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(_data);
        return hash.GetHashAndReset();
    }

    [Benchmark]
    public Digest ResumableSha256Append()
    {
        using var hash = ResumableSha256.Create();
        hash.Append(_data);
        return hash.Peek();
    }

    /// <summary>What a chunk adds beyond hashing: resume the saved state, append, export the new state.</summary>
    [Benchmark]
    public byte[] ResumableSha256ResumeAppendExport()
    {
        using var hash = ResumableSha256.Resume(_state);
        hash.Append(_data);
        return hash.ExportState();
    }
}

/// <summary>The fixed cost of the resumable state alone, without data.</summary>
[MemoryDiagnoser]
public class DigestStateBenchmarks
{
    private byte[] _state = [];

    [GlobalSetup]
    public void Setup()
    {
        using var hash = ResumableSha256.Create();
        hash.Append(new byte[1000]);
        _state = hash.ExportState();
    }

    [Benchmark]
    public byte[] ResumeAndExport()
    {
        using var hash = ResumableSha256.Resume(_state);
        return hash.ExportState();
    }

    [Benchmark]
    public Digest DigestOfState() => ResumableSha256.DigestOf(_state);
}
