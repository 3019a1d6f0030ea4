using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Chexs.Bot.Tests.Edges;

/// <summary>One captured log call, as a provider receives it (after the bot's own logging pipeline).</summary>
internal sealed record LogEntry(LogLevel Level, string Category, string Message, IReadOnlyList<KeyValuePair<string, object?>> Values, Exception? Exception)
{
    /// <summary>The message and every structured value: what a log file or console shows of the request.</summary>
    public string Text => Message + " " + string.Join(" ", Values.Select(v => $"{v.Key}={v.Value}"));

    public override string ToString() => $"{Level} {Category}: {Message}{(Exception is null ? "" : " | " + Exception.GetType().Name)}";
}

/// <summary>Keeps every log call (message, structured values, exception) so tests can count and inspect them.</summary>
internal sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries => _entries.ToArray();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    private sealed class Logger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? pairs.ToList() : [];
            owner._entries.Enqueue(new LogEntry(logLevel, category, formatter(state, exception), values, exception));
        }
    }
}
