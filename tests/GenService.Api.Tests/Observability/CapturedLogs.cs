using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace GenService.Api.Tests.Observability;

/// <summary>A logger provider that keeps every entry with the properties of all the scopes around it,
/// outermost first (a key may come twice, from two scopes).</summary>
public sealed class CapturedLogs : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

    public ConcurrentQueue<(string Category, string Message, IReadOnlyList<KeyValuePair<string, object>> Scopes)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => owner.scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var properties = new List<KeyValuePair<string, object>>();
            owner.scopes.ForEachScope((scope, collected) =>
            {
                if (scope is IEnumerable<KeyValuePair<string, object>> pairs)
                    collected.AddRange(pairs);
            }, properties);
            owner.Entries.Enqueue((category, formatter(state, exception), properties));
        }
    }
}
