using System.Collections;
using System.Text;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Chexs.Bot.Hosting;

/// <summary>
/// The factory every <see cref="ILogger"/> of the process comes from, wrapped so no log line carries a raw
/// control character (see <see cref="LogText"/>): the formatted message, every structured value, scope
/// values and exception messages are escaped before any provider (console, debug, event source) sees them.
/// One place rather than escaping at each call site, because request data reaches the log from code we do
/// not own as well: the Bot Framework SDK interpolates activity ids and conversation ids into its own lines,
/// and ASP.NET Core puts the decoded request path in its scopes. Lines without such characters pass
/// through untouched (same state object, same exception).
/// </summary>
public sealed class EscapingLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    /// <summary>Replaces the host's logger factory with the same one (same providers and filters) behind this wrapper.</summary>
    public static void Install(IServiceCollection services) =>
        services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(sp => new EscapingLoggerFactory(new LoggerFactory(
            sp.GetServices<ILoggerProvider>(),
            sp.GetRequiredService<IOptionsMonitor<LoggerFilterOptions>>(),
            sp.GetService<IOptions<LoggerFactoryOptions>>(),
            sp.GetService<IExternalScopeProvider>()))));

    public ILogger CreateLogger(string categoryName) => new EscapingLogger(inner.CreateLogger(categoryName));

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose() => inner.Dispose();

    private sealed class EscapingLogger(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull =>
            state is IEnumerable<KeyValuePair<string, object?>> values && values.Any(v => Unsafe(v.Value))
                ? inner.BeginScope(new EscapedState(LogText.Escape(state.ToString() ?? ""), values))
                : inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!inner.IsEnabled(logLevel)) return;
            var message = formatter(state, exception);
            var values = state as IEnumerable<KeyValuePair<string, object?>>;
            var unsafeException = exception is not null && HasUnsafeMessage(exception);
            if (!LogText.NeedsEscaping(message) && !unsafeException && (values is null || !values.Any(v => Unsafe(v.Value))))
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
                return;
            }
            inner.Log(logLevel, eventId, new EscapedState(LogText.Escape(message), values ?? []),
                unsafeException ? new EscapedException(exception!) : exception, static (s, _) => s.Message);
        }

        private static bool Unsafe(object? value) => value switch
        {
            null => false,
            string s => LogText.NeedsEscaping(s),
            ValueType => false,   // numbers, dates, ids, enums: nothing a request can smuggle
            _ => LogText.NeedsEscaping(value.ToString() ?? ""),
        };

        private static bool HasUnsafeMessage(Exception e)
        {
            for (var x = e; x is not null; x = x.InnerException)
            {
                if (LogText.NeedsEscaping(x.Message)) return true;
            }
            return false;
        }
    }

    /// <summary>The escaped message and values, shaped like the state of LoggerMessage/LogXxx calls (so JSON formatters still get fields).</summary>
    private sealed class EscapedState(string message, IEnumerable<KeyValuePair<string, object?>> original) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        private readonly KeyValuePair<string, object?>[] _values = original.Select(v => new KeyValuePair<string, object?>(v.Key, v.Value switch
        {
            null or ValueType => v.Value,
            string s => LogText.Escape(s),
            var other => LogText.NeedsEscaping(other.ToString() ?? "") ? LogText.Escape(other.ToString() ?? "") : other,
        })).ToArray();

        public string Message { get; } = message;
        public int Count => _values.Length;
        public KeyValuePair<string, object?> this[int index] => _values[index];
        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)_values).GetEnumerator();
        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
        public override string ToString() => Message;
    }

    /// <summary>
    /// Stands in for an exception whose message carries request data (a parser quoting the bad character, say):
    /// same text and stack trace as the original's ToString, with the messages escaped.
    /// </summary>
    private sealed class EscapedException(Exception original) : Exception(LogText.Escape(original.Message))
    {
        public override string? StackTrace => original.StackTrace;

        public override string ToString() => Describe(original);

        private static string Describe(Exception e)
        {
            var text = new StringBuilder(e.GetType().FullName).Append(": ").Append(LogText.Escape(e.Message));
            if (e.InnerException is { } innerException)
            {
                text.Append(" ---> ").Append(Describe(innerException)).Append(Environment.NewLine).Append("   --- End of inner exception stack trace ---");
            }
            if (e.StackTrace is { } trace) text.Append(Environment.NewLine).Append(trace);
            return text.ToString();
        }
    }
}
