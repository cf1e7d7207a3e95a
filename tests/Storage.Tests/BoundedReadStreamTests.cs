using OrleansRegistry.Storage;

namespace OrleansRegistry.Storage.Tests;

/// <summary>The stream that serves a range of a blob: it ends after its length, whatever the inner stream holds.</summary>
public sealed class BoundedReadStreamTests
{
    [Fact]
    public async Task ReadAsync_stops_after_the_length()
    {
        await using var stream = new BoundedReadStream(new MemoryStream("0123456789"u8.ToArray()), 4);
        using var reader = new StreamReader(stream);
        Assert.Equal("0123", await reader.ReadToEndAsync());
    }

    [Fact]
    public void Read_stops_after_the_length()
    {
        using var stream = new BoundedReadStream(new MemoryStream("0123456789"u8.ToArray()), 3);
        var buffer = new byte[10];
        var total = 0;
        int read;
        while ((read = stream.Read(buffer, total, buffer.Length - total)) > 0)
        {
            total += read;
        }

        Assert.Equal(3, total);
        Assert.Equal("012"u8.ToArray(), buffer[..3]);
    }

    [Fact]
    public void Position_counts_what_was_read()
    {
        using var stream = new BoundedReadStream(new MemoryStream(new byte[10]), 6);
        Assert.Equal(6, stream.Length);
        stream.ReadExactly(new byte[2]);
        Assert.Equal(2, stream.Position);
    }

    [Fact]
    public void Dispose_disposes_the_inner_stream()
    {
        var inner = new MemoryStream(new byte[10]);
        new BoundedReadStream(inner, 5).Dispose();
        Assert.False(inner.CanRead);
    }

    [Fact]
    public void Writing_and_seeking_are_not_supported()
    {
        using var stream = new BoundedReadStream(new MemoryStream(new byte[10]), 5);
        Assert.False(stream.CanWrite);
        Assert.False(stream.CanSeek);
        Assert.Throws<NotSupportedException>(() => stream.Write([1], 0, 1));
        Assert.Throws<NotSupportedException>(() => stream.Seek(0, SeekOrigin.Begin));
    }
}
