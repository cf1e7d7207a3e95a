namespace OrleansRegistry.Application.Uploads;

/// <summary>Where a chunk says it starts and how many bytes it says it holds (its <c>Content-Range</c>).</summary>
public readonly record struct ChunkBounds(long Start, long Length);
