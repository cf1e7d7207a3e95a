using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace OrleansRegistry.Api.Tests.Infrastructure;

/// <summary>
/// Every entry a running registry logs at <c>Error</c> or above, from any category: what an operator would be paged
/// for. A client's mistake must never land here.
/// </summary>
public sealed class ErrorLog : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _entries = new();

    /// <summary>The entries logged so far, each as <c>category: message (exception)</c>.</summary>
    public IReadOnlyList<string> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new Recorder(categoryName, _entries);

    public void Dispose()
    {
    }

    private sealed class Recorder(string category, ConcurrentQueue<string> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                entries.Enqueue($"{category}: {formatter(state, exception)} ({exception?.GetType().Name})");
            }
        }
    }
}
